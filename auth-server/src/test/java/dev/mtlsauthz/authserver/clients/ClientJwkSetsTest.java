package dev.mtlsauthz.authserver.clients;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.mtlsauthz.authserver.fetch.AddressPolicy;
import dev.mtlsauthz.authserver.fetch.ClientUrlFetcher;
import dev.mtlsauthz.authserver.fetch.HttpsTestServer;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's jwks_uri is fetched again for an unknown certificate, at most once per
 * interval (RFC 8705 2.2).
 */
class ClientJwkSetsTest {

	private HttpsTestServer server;

	private ClientUrlFetcher fetcher;

	private final MutableClock clock = new MutableClock();

	@BeforeEach
	void start() throws IOException {
		server = new HttpsTestServer();
		fetcher = new ClientUrlFetcher(new AddressPolicy(List.of(HttpsTestServer.ADDRESS)), Tls.context(null),
				Duration.ofSeconds(2), Duration.ofSeconds(5), 65536, ClientUrlFetcher.systemResolver());
	}

	@AfterEach
	void stop() throws IOException {
		server.close();
		fetcher.close();
	}

	@Test
	void unknownCertificatesDoNotFetchMoreOftenThanTheInterval() throws Exception {
		IssuedCertificate registered = TestPki.ephemeral();
		server.publish(new JWKSet(JWK.parse(registered.certificate())).toString(true));
		ClientJwkSets jwkSets = new ClientJwkSets(fetcher, Duration.ofSeconds(30), clock);
		RegisteredClient client = client();

		assertThat(jwkSets.holds(client, registered.certificate())).isTrue();
		for (int i = 0; i < 5; i++) {
			assertThat(jwkSets.holds(client, TestPki.ephemeral().certificate())).isFalse();
		}
		assertThat(server.fetches()).isEqualTo(1);

		IssuedCertificate rotated = TestPki.ephemeral();
		server.publish(new JWKSet(JWK.parse(rotated.certificate())).toString(true));
		assertThat(jwkSets.holds(client, rotated.certificate())).isFalse();
		clock.advance(Duration.ofSeconds(31));
		assertThat(jwkSets.holds(client, rotated.certificate())).isTrue();
		assertThat(server.fetches()).isEqualTo(2);
	}

	private RegisteredClient client() {
		return ClientMetadata.toRegisteredClient(
				Map.of("client_id", "rotating", "token_endpoint_auth_method", "self_signed_tls_client_auth", "jwks_uri",
						server.url("/jwks"), "grant_types", List.of("client_credentials")),
				PasswordEncoderFactories.createDelegatingPasswordEncoder(), file -> null);
	}

	private static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
