package dev.mtlsauthz.authserver.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's authorization service, read by many more threads at once than the
 * connection pool has connections, as concurrent introspections do: every lookup
 * completes instead of waiting for a second connection.
 */
class TransactionalAuthorizationServiceTest extends AuthServerIntegrationTest {

	private static final int THREADS = 40;

	@Autowired
	private OAuth2AuthorizationService authorizations;

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

}
