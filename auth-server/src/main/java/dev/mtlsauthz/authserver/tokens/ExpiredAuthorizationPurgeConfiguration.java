package dev.mtlsauthz.authserver.tokens;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * Runs {@link ExpiredAuthorizationPurge} every {@code authserver.purge.interval}.
 * Scheduling is enabled here, next to the only task that needs it, rather than on the
 * application class.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(ExpiredAuthorizationPurgeProperties.class)
class ExpiredAuthorizationPurgeConfiguration {

	@Bean
	ExpiredAuthorizationPurge expiredAuthorizationPurge(JdbcTemplate jdbc,
			ExpiredAuthorizationPurgeProperties properties) {
		return new ExpiredAuthorizationPurge(jdbc, properties.batchSize(), Clock.systemUTC());
	}

	@Bean
	SchedulingConfigurer expiredAuthorizationPurgeSchedule(ExpiredAuthorizationPurge purge,
			ExpiredAuthorizationPurgeProperties properties) {
		return tasks -> tasks.addFixedDelayTask(purge::purge, properties.interval());
	}

}
