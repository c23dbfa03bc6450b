package dev.mtlsauthz.authserver.mtls;

import java.security.cert.CertificateEncodingException;
import java.util.Base64;
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
import static org.hamcrest.Matchers.equalTo;

/**
 * Behind a TLS-terminating proxy that forwards the client certificate in an RFC 9440
 * {@code Client-Cert} header, the authorization server authenticates and binds with that
 * certificate, the same way the resource API does, so both can sit behind one proxy
 * (checklist 22). The test's own loopback address plays the trusted proxy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class BehindTlsTerminatingProxyTest {

	private static final int PORT = AuthServerIntegrationTest.freePort();

	private static final int MTLS_PORT = AuthServerIntegrationTest.freePort();

	@DynamicPropertySource
	static void behindProxy(DynamicPropertyRegistry registry) {
		AuthServerIntegrationTest.configure(registry, PORT, MTLS_PORT, true,
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		registry.add("mtls-authz.client-certificate.source", () -> "header");
		registry.add("mtls-authz.client-certificate.header-format", () -> "rfc9440");
		registry.add("mtls-authz.client-certificate.trusted-proxies", () -> "127.0.0.1/32,::1/128");
	}

	@Test
	void tokenBoundToTheCertificateInTheProxysHeader() {
		IssuedCertificate certificate = TestPki.ephemeral();

		String token = clientCredentials(basic(Tls.anonymous(), "secret-client", "secret-client-secret")
			.header("Client-Cert", clientCert(certificate)), alias("/oauth2/token")).then()
			.statusCode(200)
			.extract()
			.path("access_token");

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void tlsClientAuthWithTheCertificateInTheProxysHeader() {
		IssuedCertificate certificate = TestPki.issued(TestPki.fromCa("CN=pki-client, O=mtls-authz test"));

		String token = Tls.anonymous()
			.header("Client-Cert", clientCert(certificate))
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
	void malformedHeaderIsAClearBadRequest() {
		basic(Tls.anonymous(), "secret-client", "secret-client-secret").header("Client-Cert", ":bm90IGEgY2VydA==:")
			.formParam("grant_type", "client_credentials")
			.post(alias("/oauth2/token"))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_request"));
	}

	private static String alias(String path) {
		return "https://localhost:" + MTLS_PORT + path;
	}

	private static String clientCert(IssuedCertificate certificate) {
		try {
			return ":" + Base64.getEncoder().encodeToString(certificate.certificate().getEncoded()) + ":";
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
