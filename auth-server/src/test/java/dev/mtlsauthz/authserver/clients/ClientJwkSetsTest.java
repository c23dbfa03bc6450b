package dev.mtlsauthz.authserver.clients;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's jwks_uri is fetched again for an unknown certificate, at most once per
 * interval (RFC 8705 2.2).
 */
class ClientJwkSetsTest {

	private HttpServer server;

	private final AtomicReference<String> published = new AtomicReference<>();

	private final AtomicInteger fetches = new AtomicInteger();

	private final MutableClock clock = new MutableClock();

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/jwks", exchange -> {
			fetches.incrementAndGet();
			byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	@Test
	void unknownCertificatesDoNotFetchMoreOftenThanTheInterval() throws Exception {
		IssuedCertificate registered = TestPki.ephemeral();
		published.set(new JWKSet(JWK.parse(registered.certificate())).toString(true));
		ClientJwkSets jwkSets = new ClientJwkSets(Duration.ofSeconds(30), clock);
		RegisteredClient client = client();

		assertThat(jwkSets.holds(client, registered.certificate())).isTrue();
		for (int i = 0; i < 5; i++) {
			assertThat(jwkSets.holds(client, TestPki.ephemeral().certificate())).isFalse();
		}
		assertThat(fetches.get()).isEqualTo(1);

		IssuedCertificate rotated = TestPki.ephemeral();
		published.set(new JWKSet(JWK.parse(rotated.certificate())).toString(true));
		assertThat(jwkSets.holds(client, rotated.certificate())).isFalse();
		clock.advance(Duration.ofSeconds(31));
		assertThat(jwkSets.holds(client, rotated.certificate())).isTrue();
		assertThat(fetches.get()).isEqualTo(2);
	}

	private RegisteredClient client() {
		return ClientMetadata.toRegisteredClient(
				Map.of("client_id", "rotating", "token_endpoint_auth_method", "self_signed_tls_client_auth", "jwks_uri",
						"http://127.0.0.1:" + server.getAddress().getPort() + "/jwks", "grant_types",
						List.of("client_credentials")),
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
