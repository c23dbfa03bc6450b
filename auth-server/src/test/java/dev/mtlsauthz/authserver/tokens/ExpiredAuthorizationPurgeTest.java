package dev.mtlsauthz.authserver.tokens;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorizations stored by the server's own {@code OAuth2AuthorizationService} in its
 * real database, purged by {@link ExpiredAuthorizationPurge}: only those whose every
 * token has expired disappear.
 */
class ExpiredAuthorizationPurgeTest extends AuthServerIntegrationTest {

	private static final Instant NOW = Instant.now();

	@Autowired
	private OAuth2AuthorizationService authorizations;

	@Autowired
	private ExpiredAuthorizationPurge purge;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ScheduledTaskHolder scheduledTasks;

	@Test
	void authorizationWhoseAccessTokenExpiredIsDeleted() {
		String expired = store(accessToken(NOW.minus(Duration.ofMinutes(1))), null);

		purge.purge();

		assertThat(stored(expired)).isFalse();
	}

	@Test
	void authorizationWithALiveAccessTokenIsKept() {
		String live = store(accessToken(NOW.plus(Duration.ofMinutes(5))), null);

		purge.purge();

		assertThat(stored(live)).isTrue();
	}

	@Test
	void authorizationWithAnExpiredAccessTokenButALiveRefreshTokenIsKept() {
		String refreshable = store(accessToken(NOW.minus(Duration.ofMinutes(1))), new OAuth2RefreshToken(
				UUID.randomUUID().toString(), NOW.minus(Duration.ofMinutes(10)), NOW.plus(Duration.ofHours(1))));

		purge.purge();

		assertThat(stored(refreshable)).isTrue();
	}

	@Test
	void authorizationWithoutAnyTokenYetIsKept() {
		OAuth2Authorization pending = OAuth2Authorization.withRegisteredClient(client())
			.id(UUID.randomUUID().toString())
			.principalName("alice")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.attribute("state", "awaiting consent")
			.build();
		authorizations.save(pending);

		purge.purge();

		assertThat(stored(pending.getId())).isTrue();
	}

	@Test
	void authorizationWhoseOnlyTokenIsAnExpiredCodeIsDeleted() {
		OAuth2AuthorizationCode code = new OAuth2AuthorizationCode(UUID.randomUUID().toString(),
				NOW.minus(Duration.ofMinutes(10)), NOW.minus(Duration.ofMinutes(5)));
		OAuth2Authorization unredeemed = OAuth2Authorization.withRegisteredClient(client())
			.id(UUID.randomUUID().toString())
			.principalName("alice")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.token(code)
			.build();
		authorizations.save(unredeemed);

		purge.purge();

		assertThat(stored(unredeemed.getId())).isFalse();
	}

	@Test
	void candidatesAreFoundThroughTheExpiryIndexNotByReadingEveryRow() {
		NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(jdbc);
		for (String query : ExpiredAuthorizationPurge.SELECT_BATCHES) {
			String plan = named.queryForObject("EXPLAIN " + query, Map.of("now", Timestamp.from(NOW), "batch", 1000),
					String.class);

			assertThat(plan).as(query)
				.containsIgnoringCase("OAUTH2_AUTHORIZATION_ACCESS_TOKEN_EXPIRY")
				.doesNotContainIgnoringCase("tableScan");
		}
	}

	@Test
	void purgeDeletesEveryExpiredAuthorizationInBatches() {
		String[] expired = new String[5];
		for (int i = 0; i < expired.length; i++) {
			expired[i] = store(accessToken(NOW.minus(Duration.ofSeconds(i + 1))), null);
		}
		String live = store(accessToken(NOW.plus(Duration.ofMinutes(5))), null);

		int deleted = new ExpiredAuthorizationPurge(jdbc, 2, Clock.systemUTC()).purge();

		assertThat(deleted).isGreaterThanOrEqualTo(expired.length);
		for (String id : expired) {
			assertThat(stored(id)).isFalse();
		}
		assertThat(stored(live)).isTrue();
	}

	@Test
	void purgeIsScheduledEveryConfiguredInterval() {
		assertThat(scheduledTasks.getScheduledTasks())
			.anySatisfy(task -> assertThat(task.getTask()).isInstanceOfSatisfying(FixedDelayTask.class,
					fixedDelay -> assertThat(fixedDelay.getIntervalDuration()).isEqualTo(Duration.ofMinutes(5))));
	}

	private String store(OAuth2AccessToken accessToken, OAuth2RefreshToken refreshToken) {
		OAuth2Authorization.Builder authorization = OAuth2Authorization.withRegisteredClient(client())
			.id(UUID.randomUUID().toString())
			.principalName("secret-client")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.accessToken(accessToken);
		if (refreshToken != null) {
			authorization.refreshToken(refreshToken);
		}
		OAuth2Authorization built = authorization.build();
		authorizations.save(built);
		assertThat(stored(built.getId())).isTrue();
		return built.getId();
	}

	private static OAuth2AccessToken accessToken(Instant expiresAt) {
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, UUID.randomUUID().toString(),
				expiresAt.minus(Duration.ofMinutes(5)), expiresAt);
	}

	private RegisteredClient client() {
		return clients.findByClientId("secret-client");
	}

	private boolean stored(String id) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE id = ?", Integer.class, id) == 1;
	}

}
