package dev.mtlsauthz.authserver.discovery;

import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
 * Behind a TLS-terminating proxy that asks for client certificates on a host of its own
 * and forwards them in an RFC 9440 header, with this server's mTLS connector off: the
 * server binds tokens, so discovery says so, and the aliases are the proxy's host
 * ({@code authserver.mtls.base-url}). The test's loopback address plays the proxy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class DiscoveryBehindProxyTest {

	private static final int PORT = AuthServerIntegrationTest.freePort();

	@DynamicPropertySource
	static void behindProxyWithoutConnector(DynamicPropertyRegistry registry) {
		AuthServerIntegrationTest.configure(registry, PORT, AuthServerIntegrationTest.freePort(), true,
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		registry.add("authserver.mtls.enabled", () -> false);
		registry.add("authserver.mtls.base-url", () -> "https://mtls.example.com");
		registry.add("mtls-authz.client-certificate.source", () -> "header");
		registry.add("mtls-authz.client-certificate.trusted-proxies", () -> "127.0.0.1/32,::1/128");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server" })
	@SuppressWarnings("unchecked")
	void discoverySaysTokensAreBoundAndNamesTheProxysAliases(String document) {
		Map<String, Object> metadata = Tls.anonymous()
			.get("https://localhost:" + PORT + document)
			.then()
			.statusCode(200)
			.extract()
			.jsonPath()
			.getMap("$");

		assertThat(metadata.get("tls_client_certificate_bound_access_tokens")).isEqualTo(Boolean.TRUE);
		assertThat((Map<String, Object>) metadata.get("mtls_endpoint_aliases"))
			.containsEntry("token_endpoint", "https://mtls.example.com/oauth2/token")
			.doesNotContainKey("authorization_endpoint");
		assertThat(metadata.get("token_endpoint_auth_methods_supported")).asList()
			.contains("tls_client_auth", "self_signed_tls_client_auth");

		IssuedCertificate certificate = TestPki.ephemeral();
		String token = clientCredentials(basic(Tls.anonymous(), "secret-client", "secret-client-secret")
			.header("Client-Cert", clientCert(certificate)), "https://localhost:" + PORT + "/oauth2/token").then()
			.statusCode(200)
			.extract()
			.path("access_token");
		assertThat(cnfThumbprint(claims(token))).as("what discovery says is true").isEqualTo(thumbprint(certificate));
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
