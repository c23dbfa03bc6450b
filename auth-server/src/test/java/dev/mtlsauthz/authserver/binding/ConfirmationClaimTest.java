package dev.mtlsauthz.authserver.binding;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * With {@code always-emit-confirmation-claim} on, a token issued at the mTLS alias is
 * bound to the presented certificate whatever the client authentication method (RFC 8705
 * section 3; checklist 11, 12, 13, 15, 17).
 */
class ConfirmationClaimTest extends AuthServerIntegrationTest {

	@Test
	void tokenBoundToPresentedCertificateForClientSecretBasic() {
		IssuedCertificate certificate = TestPki.ephemeral();

		String token = accessToken(clientCredentials(
				basic(Tls.client(certificate), "secret-client", "secret-client-secret"), alias("/oauth2/token")));

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void tokenBoundToPresentedCertificateForClientSecretPost() {
		IssuedCertificate certificate = TestPki.ephemeral();

		String token = accessToken(clientCredentials(Tls.client(certificate)
			.formParam("client_id", "secret-client")
			.formParam("client_secret", "secret-client-secret"), alias("/oauth2/token")));

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void tokenBoundToPresentedCertificateForClientSecretJwt() {
		IssuedCertificate certificate = TestPki.ephemeral();
		String assertion = ClientAssertions.hmac("jwt-secret-client",
				"a-shared-secret-that-is-long-enough-for-hmac-sha256", issuer());

		String token = accessToken(clientCredentials(Tls.client(certificate)
			.formParam("client_id", "jwt-secret-client")
			.formParam("client_assertion_type", ClientAssertions.TYPE)
			.formParam("client_assertion", assertion), alias("/oauth2/token")));

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void tokenBoundToPresentedCertificateForPrivateKeyJwt() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("client-key").generate();
		register(Map.of("client_id", "private-key-client", "token_endpoint_auth_method", "private_key_jwt", "jwks",
				new JWKSet(key.toPublicJWK()).toJSONObject(), "grant_types", List.of("client_credentials"), "scope",
				"api.read"));
		IssuedCertificate certificate = TestPki.ephemeral();

		String token = accessToken(clientCredentials(
				Tls.client(certificate)
					.formParam("client_id", "private-key-client")
					.formParam("client_assertion_type", ClientAssertions.TYPE)
					.formParam("client_assertion", ClientAssertions.privateKey("private-key-client", key, issuer())),
				alias("/oauth2/token")));

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void tokenIssuedWithoutCertificateAtTheIssuerIsNotBound() {
		String token = accessToken(clientCredentials(basic(Tls.anonymous(), "secret-client", "secret-client-secret"),
				main("/oauth2/token")));

		assertThat(claims(token)).doesNotContainKey("cnf");
	}

	@Test
	void aliasAndIssuerEndpointIssueTokensWithTheSameIssuer() {
		String atAlias = accessToken(
				clientCredentials(basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret"),
						alias("/oauth2/token")));
		String atIssuer = accessToken(clientCredentials(basic(Tls.anonymous(), "secret-client", "secret-client-secret"),
				main("/oauth2/token")));

		assertThat(claims(atAlias).get("iss")).isEqualTo(issuer()).isEqualTo(claims(atIssuer).get("iss"));
	}

	@Test
	void boundTokensRequiredAndNoCertificateIsInvalidRequest() {
		clientCredentials(basic(Tls.anonymous(), "bound-secret-client", "bound-secret-client-secret"),
				main("/oauth2/token"))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_request"))
			.body("error_description", containsString("client certificate is required for certificate-bound"));
	}

	@Test
	void boundTokensRequiredAndACertificateBindsTheToken() {
		IssuedCertificate certificate = TestPki.ephemeral();

		String token = accessToken(
				clientCredentials(basic(Tls.client(certificate), "bound-secret-client", "bound-secret-client-secret"),
						alias("/oauth2/token")));

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void introspectionReturnsTheConfirmationOfAReferenceToken() {
		IssuedCertificate certificate = TestPki.ephemeral();
		String token = accessToken(clientCredentials(
				basic(Tls.client(certificate), "opaque-client", "opaque-client-secret"), alias("/oauth2/token")));

		assertThat(token.split("\\.")).hasSize(1);
		// A resource server authenticates with its own credentials and needs no
		// certificate to introspect.
		basic(Tls.anonymous(), "introspector", "introspector-secret").formParam("token", token)
			.post(main("/oauth2/introspect"))
			.then()
			.statusCode(200)
			.body("active", equalTo(true))
			.body("cnf.'x5t#S256'", equalTo(thumbprint(certificate)))
			.body("client_id", equalTo("opaque-client"));
	}

	@Test
	void introspectionReturnsTheConfirmationOfAJwtAtTheAliasToo() {
		IssuedCertificate certificate = TestPki.ephemeral();
		String token = accessToken(clientCredentials(
				basic(Tls.client(certificate), "secret-client", "secret-client-secret"), alias("/oauth2/token")));

		basic(Tls.client(TestPki.ephemeral()), "introspector", "introspector-secret").formParam("token", token)
			.post(alias("/oauth2/introspect"))
			.then()
			.statusCode(200)
			.body("active", equalTo(true))
			.body("cnf.'x5t#S256'", equalTo(thumbprint(certificate)));
	}

	@Test
	void boundJwtVerifiesAgainstThePublishedJwks() throws Exception {
		String token = accessToken(
				clientCredentials(basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret"),
						alias("/oauth2/token")));
		JWKSet jwks = JWKSet
			.parse(Tls.anonymous().get(main("/oauth2/jwks")).then().statusCode(200).extract().asString());
		SignedJWT jwt = SignedJWT.parse(token);

		RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());

		assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
		assertThat(jwks.getKeys()).allMatch(jwk -> !jwk.isPrivate());
	}

	@Test
	void tokenCarriesOnlyTheCertificateConfirmation() {
		String token = accessToken(
				clientCredentials(basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret"),
						alias("/oauth2/token")));

		@SuppressWarnings("unchecked")
		Map<String, Object> cnf = (Map<String, Object>) claims(token).get("cnf");
		assertThat(cnf).containsOnlyKeys("x5t#S256");
	}

	@Test
	void errorsWithoutADescriptionFromTheStockProvidersGetOne() {
		basic(Tls.anonymous(), "secret-client", "secret-client-secret").formParam("grant_type", "client_credentials")
			.formParam("scope", "not-a-scope")
			.post(main("/oauth2/token"))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_scope"))
			.body("error_description", containsString("more than the client is registered for"));
		basic(Tls.anonymous(), "secret-client", "secret-client-secret").formParam("grant_type", "refresh_token")
			.formParam("refresh_token", "unknown")
			.post(main("/oauth2/token"))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_grant"))
			.body("error_description", containsString("refresh token"));
	}

	private static String accessToken(Response response) {
		return response.then()
			.log()
			.ifValidationFails()
			.statusCode(200)
			.body("token_type", equalTo("Bearer"))
			.extract()
			.path("access_token");
	}

}
