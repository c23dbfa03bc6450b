package dev.mtlsauthz.authserver.clients;

import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6749 section 2.3: a request authenticates one client with one method. Two
 * authentications in one request are {@code 400 invalid_request} at every endpoint that
 * authenticates clients, over real TLS at the issuer and at the mTLS aliases.
 */
class OneClientAuthenticationPerRequestTest extends AuthServerIntegrationTest {

	private static final List<String> CLIENT_AUTHENTICATING_ENDPOINTS = List.of("/oauth2/token", "/oauth2/introspect",
			"/oauth2/revoke", "/oauth2/device_authorization", "/oauth2/par");

	private final IssuedCertificate pkiCertificate = TestPki.issued(TestPki.fromCa("CN=pki-client, O=mtls-authz test"));

	@Test
	void basicForOneClientAndAClientSecretOfAnotherInTheBodyIsInvalidRequestEverywhere() {
		for (String endpoint : CLIENT_AUTHENTICATING_ENDPOINTS) {
			for (String url : List.of(main(endpoint), alias(endpoint))) {
				Response response = basic(Tls.client(TestPki.ephemeral()), "introspector", "introspector-secret")
					.formParam("client_id", "secret-client")
					.formParam("client_secret", "secret-client-secret")
					.formParam("grant_type", "client_credentials")
					.formParam("token", "anything")
					.formParam("response_type", "code")
					.post(url);

				assertInvalidRequest(response, url);
			}
		}
	}

	@Test
	void basicAndAClientSecretOfTheSameClientIsInvalidRequest() {
		assertInvalidRequest(clientCredentials(basic(Tls.anonymous(), "secret-client", "secret-client-secret")
			.formParam("client_secret", "secret-client-secret"), main("/oauth2/token")), "basic + post");
	}

	@Test
	void basicAndAClientAssertionIsInvalidRequest() throws Exception {
		Response response = basic(Tls.anonymous(), "secret-client", "secret-client-secret")
			.formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
			.formParam("client_assertion", hmacAssertion())
			.formParam("grant_type", "client_credentials")
			.post(main("/oauth2/token"));

		assertInvalidRequest(response, "basic + assertion");
	}

	@Test
	void aSecretTogetherWithTheCertificateOfATlsClientAuthClientIsInvalidRequest() {
		Response post = clientCredentials(
				Tls.client(pkiCertificate).formParam("client_id", "pki-client").formParam("client_secret", "a-guess"),
				alias("/oauth2/token"));
		Response basic = clientCredentials(basic(Tls.client(pkiCertificate), "pki-client", "a-guess"),
				alias("/oauth2/token"));

		assertInvalidRequest(post, "client_secret_post + tls_client_auth");
		assertInvalidRequest(basic, "client_secret_basic + tls_client_auth");
	}

	@Test
	void basicWithTheClientIdOfAnotherClientInTheBodyIsInvalidRequest() {
		Response response = clientCredentials(basic(Tls.client(pkiCertificate), "secret-client", "secret-client-secret")
			.formParam("client_id", "pki-client"), alias("/oauth2/token"));

		assertInvalidRequest(response, "basic + another client_id");
	}

	@Test
	void oneAuthenticationWithACertificateForBindingOnlyStillGetsABoundToken() {
		IssuedCertificate certificate = TestPki.ephemeral();

		Response response = clientCredentials(basic(Tls.client(certificate), "secret-client", "secret-client-secret")
			.formParam("client_id", "secret-client"), alias("/oauth2/token"));

		response.then().statusCode(200);
		assertThat(cnfThumbprint(claims(response.path("access_token")))).isEqualTo(thumbprint(certificate));
	}

	private static String hmacAssertion() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
				new JWTClaimsSet.Builder().issuer("jwt-secret-client")
					.subject("jwt-secret-client")
					.audience(issuer())
					.jwtID(UUID.randomUUID().toString())
					.issueTime(new Date())
					.expirationTime(new Date(System.currentTimeMillis() + 60_000))
					.build());
		jwt.sign(new MACSigner("a-shared-secret-that-is-long-enough-for-hmac-sha256"));
		return jwt.serialize();
	}

	private static void assertInvalidRequest(Response response, String what) {
		assertThat(response.statusCode()).as(what + ": " + response.asString()).isEqualTo(400);
		assertThat((String) response.path("error")).as(what).isEqualTo("invalid_request");
		assertThat((String) response.path("error_description")).as(what).contains("Client authentication");
	}

}
