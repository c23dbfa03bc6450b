package dev.mtlsauthz.authserver.clients;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.cluster.ClusterLock;
import dev.mtlsauthz.authserver.cluster.LocalNotifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A seeded client cannot ask for a token lifetime beyond the server's maximum
 * ({@code authserver.token-lifetimes}): seeding stops the server's start and says which
 * client and which field. {@code Long.MAX_VALUE} seconds, which once made every token
 * request of its client fail with an overflow, is refused the same way.
 */
class SeededTokenLifetimeTest {

	private final TokenLifetimeLimits lifetimes = new TokenLifetimeLimits(new AuthServerProperties.TokenLifetimes(
			Duration.ofHours(1), Duration.ofDays(30), Duration.ofMinutes(10), Duration.ofMinutes(30)));

	@Test
	void aSeededAccessTokenLifetimeBeyondTheMaximumStopsTheStartNamingTheClientAndTheField() {
		for (String ttl : new String[] { "3601", "9223372036854775807" }) {
			assertThatIllegalStateException().as(ttl)
				.isThrownBy(() -> seed(ttl, new InMemoryRegisteredClientRepository(seeded("placeholder"))))
				.withMessageContaining("overlong-client")
				.withMessageContaining("access_token_ttl")
				.withMessageContaining("3600 seconds");
		}
	}

	@Test
	void aSeededAccessTokenLifetimeWithinTheMaximumIsKept() {
		InMemoryRegisteredClientRepository stored = new InMemoryRegisteredClientRepository(seeded("placeholder"));

		seed("3600", stored);

		assertThat(stored.findByClientId("overlong-client").getTokenSettings().getAccessTokenTimeToLive())
			.isEqualTo(Duration.ofHours(1));
	}

	private void seed(String ttl, RegisteredClientRepository stored) {
		String clients = """
				[{"client_id": "overlong-client", "client_secret": "s", "grant_types": ["client_credentials"],
				  "access_token_ttl": %s}]
				""".formatted(ttl);
		new ClientSeeder(new ByteArrayResource(clients.getBytes(StandardCharsets.UTF_8)),
				new EnabledClientsRepository(stored, new LocalNotifications(), Duration.ofSeconds(5), lifetimes),
				PasswordEncoderFactories.createDelegatingPasswordEncoder(), lifetimes, seedingLock())
			.afterSingletonsInstantiated();
	}

	/**
	 * Seeding runs under the cluster lock; on an embedded database that is a transaction.
	 */
	private static ClusterLock seedingLock() {
		DriverManagerDataSource database = new DriverManagerDataSource("jdbc:h2:mem:seeding");
		return new ClusterLock(new JdbcTemplate(database), new DataSourceTransactionManager(database), false);
	}

	private static RegisteredClient seeded(String clientId) {
		return RegisteredClient.withId(clientId)
			.clientId(clientId)
			.authorizationGrantType(org.springframework.security.oauth2.core.AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build();
	}

}
