package dev.mtlsauthz.authserver;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests are not timed by default
 * ({@code management.observations.enable[http.server.requests]} in application.yml):
 * nothing exports the figures, and recording them cost about 5% of a token's CPU.
 */
class RequestObservationsTest extends AuthServerIntegrationTest {

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private ObservationRegistry observations;

	@Test
	void tokenRequestsAreNotObserved() {
		IssuedCertificate certificate = TestPki.ephemeral();
		clientCredentials(basic(Tls.client(certificate), "secret-client", "secret-client-secret"),
				"https://localhost:" + MTLS_PORT + "/oauth2/token")
			.then()
			.statusCode(200);

		assertThat(meters.find("http.server.requests").meters()).isEmpty();
		assertThat(Observation.createNotStarted("http.server.requests", observations).isNoop()).isTrue();
		assertThat(Observation.createNotStarted("tasks.scheduled.execution", observations).isNoop())
			.as("other observations stay on")
			.isFalse();
	}

}
