package dev.mtlsauthz.authserver.tokens;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's authorizations in its real database, through {@link JdbcAuthorizations}.
 * Saving without reading first: a new authorization is inserted, a known one updated in
 * place, and what is read back is what was saved, every column in its place (the
 * statements name the columns themselves). A lookup by token value alone finds every kind
 * of token, through the per-column indexes. Read by many more threads at once than the
 * connection pool has connections, as concurrent introspections do, every lookup
 * completes instead of waiting for a second connection.
 */
class JdbcAuthorizationsTest extends AuthServerIntegrationTest {

	@Autowired
	private OAuth2AuthorizationService authorizations;

	private static final int THREADS = 40;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void newAuthorizationIsInsertedAndReadsBackUnchanged() {
		OAuth2Authorization saved = authorization("Zoë ✓").build();

		authorizations.save(saved);

		OAuth2Authorization read = authorizations.findById(saved.getId());
		assertThat(read).isNotNull();
		assertThat(read.getRegisteredClientId()).isEqualTo(saved.getRegisteredClientId());
		assertThat(read.getPrincipalName()).isEqualTo("secret-client");
		assertThat(read.getAuthorizationGrantType()).isEqualTo(AuthorizationGrantType.CLIENT_CREDENTIALS);
		assertThat(read.getAuthorizedScopes()).containsExactlyInAnyOrder("api.read", "api.write");
		assertThat(read.<String>getAttribute("note")).isEqualTo("Zoë ✓");
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = read.getAccessToken();
		assertThat(accessToken.getToken().getTokenValue()).isEqualTo(saved.getAccessToken().getToken().getTokenValue());
		assertThat(accessToken.getToken().getExpiresAt()).isEqualTo(saved.getAccessToken().getToken().getExpiresAt());
		assertThat(accessToken.getToken().getScopes()).containsExactlyInAnyOrder("api.read", "api.write");
		assertThat(accessToken.getClaims()).containsEntry("cnf", Map.of("x5t#S256", "thumbprint-Zoë"));
		assertThat(read.getRefreshToken()).isNull();
		assertThat(authorizations.findByToken(accessToken.getToken().getTokenValue(), OAuth2TokenType.ACCESS_TOKEN))
			.extracting(OAuth2Authorization::getId)
			.isEqualTo(saved.getId());
	}

	@Test
	void knownAuthorizationIsUpdatedInPlace() {
		OAuth2Authorization first = authorization("first").build();
		authorizations.save(first);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		OAuth2RefreshToken refreshToken = new OAuth2RefreshToken("rt-" + UUID.randomUUID(), now,
				now.plus(Duration.ofHours(1)));

		authorizations.save(OAuth2Authorization.from(first)
			.attribute("note", "second")
			.refreshToken(refreshToken)
			.invalidate(first.getAccessToken().getToken())
			.build());

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE id = ?", Integer.class,
				first.getId()))
			.isEqualTo(1);
		OAuth2Authorization read = authorizations.findById(first.getId());
		assertThat(read.<String>getAttribute("note")).isEqualTo("second");
		assertThat(read.getAccessToken().isInvalidated()).isTrue();
		assertThat(read.getRefreshToken().getToken().getTokenValue()).isEqualTo(refreshToken.getTokenValue());
		assertThat(authorizations.findByToken(refreshToken.getTokenValue(), OAuth2TokenType.REFRESH_TOKEN))
			.extracting(OAuth2Authorization::getId)
			.isEqualTo(first.getId());
	}

	@Test
	void authorizationJsonIsKeptInTheRowNotAsLargeObjects() {
		assertThat(jdbc.queryForList("SELECT column_name FROM information_schema.columns "
				+ "WHERE table_name = 'OAUTH2_AUTHORIZATION' AND data_type IN ('BINARY LARGE OBJECT', "
				+ "'CHARACTER LARGE OBJECT')", String.class))
			.isEmpty();
	}

	@Test
	void untypedLookupFindsAccessAndRefreshTokensAndNothingElse() {
		Instant now = Instant.now();
		String accessToken = "at-" + UUID.randomUUID();
		String refreshToken = "rt-" + UUID.randomUUID();
		OAuth2Authorization authorization = OAuth2Authorization
			.withRegisteredClient(clients.findByClientId("secret-client"))
			.principalName("secret-client")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, now,
					now.plus(Duration.ofMinutes(5))))
			.refreshToken(new OAuth2RefreshToken(refreshToken, now, now.plus(Duration.ofHours(1))))
			.build();
		authorizations.save(authorization);

		assertThat(authorizations.findByToken(accessToken, null)).extracting(OAuth2Authorization::getId)
			.isEqualTo(authorization.getId());
		assertThat(authorizations.findByToken(refreshToken, null)).extracting(OAuth2Authorization::getId)
			.isEqualTo(authorization.getId());
		assertThat(authorizations.findByToken("unknown-" + UUID.randomUUID(), null)).isNull();
	}

	@Test
	void lookupByAccessTokenValueUsesItsIndex() {
		String plan = jdbc.queryForObject("EXPLAIN SELECT id FROM oauth2_authorization "
				+ "WHERE access_token_value = CAST('token' AS VARBINARY)", String.class);

		assertThat(plan).containsIgnoringCase("OAUTH2_AUTHORIZATION_ACCESS_TOKEN");
	}

	@Test
	void concurrentLookupsByTokenDoNotExhaustTheConnectionPool() throws Exception {
		String token = UUID.randomUUID().toString();
		Instant now = Instant.now();
		authorizations.save(OAuth2Authorization.withRegisteredClient(clients.findByClientId("secret-client"))
			.id(UUID.randomUUID().toString())
			.principalName("secret-client")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, now,
					now.plus(Duration.ofMinutes(5))))
			.build());
		ExecutorService threads = Executors.newFixedThreadPool(THREADS);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<OAuth2Authorization>> lookups = new ArrayList<>();
			for (int i = 0; i < THREADS; i++) {
				lookups.add(threads.submit(() -> {
					start.await();
					OAuth2Authorization found = null;
					for (int round = 0; round < 20; round++) {
						found = authorizations.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
					}
					return found;
				}));
			}
			start.countDown();
			for (Future<OAuth2Authorization> lookup : lookups) {
				assertThat(lookup.get(20, TimeUnit.SECONDS)).isNotNull();
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	/**
	 * Claims as the token generator gives them: Spring Security's JSON allows only its
	 * known map types.
	 */
	private static Map<String, Object> claims() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", "secret-client");
		claims.put("cnf", new LinkedHashMap<>(Map.of("x5t#S256", "thumbprint-Zoë")));
		return claims;
	}

	private OAuth2Authorization.Builder authorization(String note) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
				"at-" + UUID.randomUUID(), now, now.plus(Duration.ofMinutes(5)), Set.of("api.read", "api.write"));
		return OAuth2Authorization.withRegisteredClient(clients.findByClientId("secret-client"))
			.principalName("secret-client")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizedScopes(Set.of("api.read", "api.write"))
			.attribute("note", note)
			.token(accessToken, metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims()));
	}

}
