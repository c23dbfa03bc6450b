package dev.mtlsauthz.authserver.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.basic;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.clientCredentials;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole server with room for one request at a time: concurrent token requests over
 * real TLS all succeed, one after the other, and requests that fail (a wrong secret, a
 * path the mTLS connector does not serve) give their turn back, or the next request would
 * wait out {@code max-wait} and get a 503.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ConcurrentRequestLimitOverTlsTest {

	private static final int PORT = AuthServerIntegrationTest.freePort();

	private static final int MTLS_PORT = AuthServerIntegrationTest.freePort();

	private static final String TOKEN = "https://localhost:" + MTLS_PORT + "/oauth2/token";

	@DynamicPropertySource
	static void oneAtATime(DynamicPropertyRegistry registry) {
		AuthServerIntegrationTest.configure(registry, PORT, MTLS_PORT, true,
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		registry.add("authserver.requests.max-concurrent", () -> 1);
		registry.add("authserver.requests.max-wait", () -> "3s");
	}

	@Test
	void concurrentTokenRequestsTakeTurns() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(6);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				statuses.add(threads.submit(() -> clientCredentials(
						basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret"), TOKEN)
					.statusCode()));
			}
			for (Future<Integer> status : statuses) {
				assertThat(status.get()).isEqualTo(200);
			}
		}
		finally {
			threads.shutdown();
		}
	}

	@Test
	void failedRequestsGiveTheirTurnBack() {
		for (int i = 0; i < 3; i++) {
			clientCredentials(basic(Tls.client(TestPki.ephemeral()), "secret-client", "wrong-secret"), TOKEN).then()
				.statusCode(401);
			Tls.client(TestPki.ephemeral()).get("https://localhost:" + MTLS_PORT + "/login").then().statusCode(404);
		}

		clientCredentials(basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret"), TOKEN).then()
			.statusCode(200);
	}

}
