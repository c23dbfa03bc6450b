package dev.mtlsauthz.authserver.keys;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the default configuration publishes about its keys: a JWK Set that resource
 * servers may cache for {@code authserver.keys.jwks-max-age}, tokens that name their key,
 * discovery that names the algorithm that signs ID tokens, and no operator endpoint until
 * the operator exposes it.
 */
class SigningKeysPublicationTest extends AuthServerIntegrationTest {

	@Test
	void theJwkSetMayBeCachedForJwksMaxAgeAndHoldsPublicKeysOnly() {
		Response jwks = Tls.anonymous().get(main("/oauth2/jwks"));

		jwks.then().statusCode(200).header("Cache-Control", "public, max-age=300");
		assertThat(jwks.asString()).doesNotContain("\"d\"");
	}

	@Test
	void everyTokenNamesThePublishedKeyThatSignedIt() throws ParseException {
		String token = clientCredentials(basic(Tls.anonymous(), "secret-client", "secret-client-secret"),
				main("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
		JWKSet published = JWKSet.parse(Tls.anonymous().get(main("/oauth2/jwks")).asString());

		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(published.getKeyByKeyId(jwt.getHeader().getKeyID())).isNotNull()
			.satisfies(key -> assertThat(key.getAlgorithm()).isEqualTo(jwt.getHeader().getAlgorithm()));
	}

	@Test
	void discoveryNamesTheAlgorithmThatSignsIdTokens() {
		List<String> algorithms = Tls.anonymous()
			.get(main("/.well-known/openid-configuration"))
			.then()
			.statusCode(200)
			.extract()
			.path("id_token_signing_alg_values_supported");

		assertThat(algorithms).containsExactly("RS256");
	}

	@Test
	void theOperatorEndpointIsNotExposedUnlessTheOperatorExposesIt() {
		register(Map.of("client_id", "unexposed-operator", "client_secret", "unexposed-operator-secret",
				"token_endpoint_auth_method", "client_secret_basic", "grant_types", List.of("client_credentials"),
				"scope", SigningKeysEndpoint.SCOPE));
		String token = basic(Tls.anonymous(), "unexposed-operator", "unexposed-operator-secret")
			.formParam("grant_type", "client_credentials")
			.formParam("scope", SigningKeysEndpoint.SCOPE)
			.post(main("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");

		Response response = Tls.anonymous()
			.redirects()
			.follow(false)
			.auth()
			.oauth2(token)
			.post(main("/actuator/signingkeys"));

		assertThat(response.statusCode()).isNotEqualTo(200);
		assertThat(response.asString()).doesNotContain("kid");
	}

}
