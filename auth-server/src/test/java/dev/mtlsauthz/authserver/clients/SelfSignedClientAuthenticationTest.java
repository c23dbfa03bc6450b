package dev.mtlsauthz.authserver.clients;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.fetch.HttpsTestServer;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code self_signed_tls_client_auth} (RFC 8705 section 2.2): the certificate must be one
 * the client registered, inline or at its {@code jwks_uri}, which is fetched again when
 * an unknown certificate arrives (checklist 8).
 */
class SelfSignedClientAuthenticationTest extends AuthServerIntegrationTest {

	private HttpsTestServer jwksServer;

	@BeforeEach
	void startJwksServer() throws IOException {
		jwksServer = new HttpsTestServer();
	}

	@AfterEach
	void stopJwksServer() {
		jwksServer.close();
	}

	@Test
	void certificateRegisteredInlineAuthenticatesAndBindsTheToken() throws Exception {
		IssuedCertificate certificate = TestPki.ephemeral();
		register(Map.of("client_id", "inline-jwks-client", "token_endpoint_auth_method", "self_signed_tls_client_auth",
				"jwks", jwks(certificate), "grant_types", List.of("client_credentials"), "scope", "api.read"));

		String token = selfSigned(certificate, "inline-jwks-client").then()
			.statusCode(200)
			.extract()
			.path("access_token");

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void unregisteredCertificateIsInvalidClient() throws Exception {
		register(Map.of("client_id", "inline-jwks-client-2", "token_endpoint_auth_method",
				"self_signed_tls_client_auth", "jwks", jwks(TestPki.ephemeral()), "grant_types",
				List.of("client_credentials"), "scope", "api.read"));

		selfSigned(TestPki.ephemeral(), "inline-jwks-client-2").then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"))
			.body("error_description", containsString("jwks"));
	}

	@Test
	void rotatedCertificateAtTheJwksUriIsFetchedAgain() throws Exception {
		IssuedCertificate first = TestPki.ephemeral();
		IssuedCertificate rotated = TestPki.ephemeral();
		jwksServer.publish(new JWKSet(JWK.parse(first.certificate())).toString(true));
		register(Map.of("client_id", "jwks-uri-client", "token_endpoint_auth_method", "self_signed_tls_client_auth",
				"jwks_uri", jwksServer.url("/jwks"), "grant_types", List.of("client_credentials"), "scope",
				"api.read"));

		selfSigned(first, "jwks-uri-client").then().statusCode(200);
		selfSigned(rotated, "jwks-uri-client").then().statusCode(401);
		jwksServer.publish(new JWKSet(JWK.parse(rotated.certificate())).toString(true));
		String token = selfSigned(rotated, "jwks-uri-client").then().statusCode(200).extract().path("access_token");

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(rotated));
		assertThat(jwksServer.fetches()).isEqualTo(3);
	}

	@Test
	void theRegistrationNotTheChainLengthDecidesTheMethod() {
		// A one-certificate chain from a tls_client_auth client is PKI, not self-signed.
		IssuedCertificate leafOnly = TestPki.issued(TestPki.fromCa("CN=pki-client, O=mtls-authz test")).leafOnly();

		Tls.client(leafOnly)
			.formParam("client_id", "pki-client")
			.formParam("grant_type", "client_credentials")
			.post(alias("/oauth2/token"))
			.then()
			.statusCode(200);
	}

	private static Map<String, Object> jwks(IssuedCertificate certificate) throws Exception {
		return new JWKSet(JWK.parse(certificate.certificate())).toJSONObject(true);
	}

	private static Response selfSigned(IssuedCertificate certificate, String clientId) {
		return Tls.client(certificate)
			.formParam("client_id", clientId)
			.formParam("grant_type", "client_credentials")
			.formParam("scope", "api.read")
			.post(alias("/oauth2/token"));
	}

}
