package dev.mtlsauthz.authserver.throttling;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.transaction.PlatformTransactionManager;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.cluster.ClusterJobs;

/**
 * Throttling of failed client-secret and password authentications
 * ({@code authserver.throttling}): the counts in the database, the throttle that the
 * client authentication ({@code ClientsCustomizer}) and the sign-in
 * ({@code SecurityConfiguration}) go through, and the purge of forgotten counts, every
 * {@code forget-after}, once across a cluster ({@link ClusterJobs}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ThrottlingConfiguration {

	@Bean
	AuthenticationFailures authenticationFailures(JdbcTemplate jdbc, PlatformTransactionManager transactions,
			AuthServerProperties properties) {
		return new AuthenticationFailures(jdbc, transactions, ThrottlePolicy.of(properties.throttling()),
				Clock.systemUTC());
	}

	@Bean
	AuthenticationThrottle authenticationThrottle(AuthenticationFailures failures, AuthServerProperties properties) {
		return new AuthenticationThrottle(failures, ThrottlePolicy.of(properties.throttling()),
				properties.throttling().enabled());
	}

	@Bean
	SchedulingConfigurer authenticationFailuresPurge(AuthenticationFailures failures, ClusterJobs jobs,
			AuthServerProperties properties) {
		return jobs.schedule("authentication-failure-purge", properties.throttling().forgetAfter(), failures::purge);
	}

}
