package dev.mtlsauthz.authserver.tokens;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.transaction.PlatformTransactionManager;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.clients.EnabledClientsRepository;
import dev.mtlsauthz.authserver.cluster.ClusterJobs;

/**
 * The tokens: where authorizations are stored ({@link JdbcAuthorizations}), the claims
 * every access token carries ({@link AccessTokenClaims}, which the token generator picks
 * up by type, as Spring Authorization Server's own generator does), and the purge of
 * expired authorizations every {@code authserver.purge.interval}, once per interval
 * across a cluster ({@link ClusterJobs}).
 */
@Configuration(proxyBeanMethods = false)
class TokensConfiguration {

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, EnabledClientsRepository clients,
			PlatformTransactionManager transactions) {
		return new JdbcAuthorizations(jdbc, clients, transactions);
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> jwtAccessTokenClaims(AuthServerProperties properties) {
		return accessTokenClaims(properties).jwt();
	}

	@Bean
	OAuth2TokenCustomizer<OAuth2TokenClaimsContext> referenceAccessTokenClaims(AuthServerProperties properties) {
		return accessTokenClaims(properties).reference();
	}

	@Bean
	ExpiredAuthorizationPurge expiredAuthorizationPurge(JdbcTemplate jdbc, AuthServerProperties properties) {
		return new ExpiredAuthorizationPurge(jdbc, properties.purge().batchSize(), Clock.systemUTC());
	}

	@Bean
	SchedulingConfigurer expiredAuthorizationPurgeSchedule(ExpiredAuthorizationPurge purge, ClusterJobs jobs,
			AuthServerProperties properties) {
		return jobs.schedule("expired-authorization-purge", properties.purge().interval(), purge::purge);
	}

	/**
	 * See {@link H2FileHousekeeping}; only for an H2 file database with durable commits.
	 */
	@Bean
	SchedulingConfigurer h2FileHousekeepingSchedule(DataSource dataSource, Environment environment,
			AuthServerProperties properties) {
		String url = environment.getProperty("spring.datasource.url");
		if (!H2FileHousekeeping.appliesTo(url)) {
			return tasks -> {
			};
		}
		H2FileHousekeeping housekeeping = new H2FileHousekeeping(dataSource);
		Duration interval = properties.purge().housekeepingInterval();
		return tasks -> tasks.addFixedDelayTask(housekeeping, interval);
	}

	private static AccessTokenClaims accessTokenClaims(AuthServerProperties properties) {
		return new AccessTokenClaims(properties.keys().algorithm(), properties.keys().idTokenAlgorithmOrDefault());
	}

}
