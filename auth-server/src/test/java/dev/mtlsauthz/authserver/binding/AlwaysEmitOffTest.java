package dev.mtlsauthz.authserver.binding;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.basic;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.claims;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.clientCredentials;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.cnfThumbprint;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.thumbprint;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code always-emit-confirmation-claim} off, only certificate-authenticated clients
 * and clients that registered for bound tokens get {@code cnf} (checklist 11, 12).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class AlwaysEmitOffTest {

	private static final int PORT = AuthServerIntegrationTest.freePort();

	private static final int MTLS_PORT = AuthServerIntegrationTest.freePort();

	@DynamicPropertySource
	static void alwaysEmitOff(DynamicPropertyRegistry registry) {
		AuthServerIntegrationTest.configure(registry, PORT, MTLS_PORT, false,
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
	}

	private static String alias(String path) {
		return "https://localhost:" + MTLS_PORT + path;
	}

	@Test
	void secretClientWithACertificateGetsAnUnboundToken() {
		String token = clientCredentials(
				basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret"), alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");

		assertThat(claims(token)).doesNotContainKey("cnf");
	}

	@Test
	void certificateAuthenticatedClientIsStillBound() {
		IssuedCertificate certificate = TestPki.issued(TestPki.fromCa("CN=pki-client, O=mtls-authz test"));

		String token = Tls.client(certificate)
			.formParam("client_id", "pki-client")
			.formParam("grant_type", "client_credentials")
			.post(alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void clientRegisteredForBoundTokensIsStillBound() {
		IssuedCertificate certificate = TestPki.ephemeral();

		String token = clientCredentials(
				basic(Tls.client(certificate), "bound-secret-client", "bound-secret-client-secret"),
				alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));
	}

}
