package dev.mtlsauthz.authserver.fapi;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What discovery says about client assertion algorithms and request parameters, checked
 * against what works over real TLS.
 */
class FapiDiscoveryTest extends AuthServerIntegrationTest {

	@Test
	void everyAdvertisedAssertionSignatureAlgorithmAuthenticatesAPrivateKeyJwtClient() throws Exception {
		Response metadata = Tls.anonymous().get(main("/.well-known/oauth-authorization-server"));
		List<String> advertised = metadata.path("token_endpoint_auth_signing_alg_values_supported");

		assertThat(advertised).contains("RS256", "PS256", "ES256", "HS256").doesNotContain("none");
		assertThat((List<String>) metadata.path("introspection_endpoint_auth_signing_alg_values_supported"))
			.isEqualTo(advertised);
		for (String algorithm : advertised.stream().filter(name -> !name.startsWith("HS")).toList()) {
			JWK key = algorithm.startsWith("ES")
					? new ECKeyGenerator(Curve.forJWSAlgorithm(JWSAlgorithm.parse(algorithm)).iterator().next())
						.algorithm(JWSAlgorithm.parse(algorithm))
						.keyID(algorithm)
						.generate()
					: new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.parse(algorithm)).keyID(algorithm).generate();
			String clientId = "assertion-" + algorithm;
			register(Map.of("client_id", clientId, "token_endpoint_auth_method", "private_key_jwt",
					"token_endpoint_auth_signing_alg", algorithm, "jwks", FapiFixtures.jwks(key), "grant_types",
					List.of("client_credentials"), "scope", "api.read"));

			Response tokens = clientCredentials(
					Tls.anonymous()
						.formParam("client_id", clientId)
						.formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
						.formParam("client_assertion", FapiFixtures.clientAssertion(key, clientId, issuer())),
					main("/oauth2/token"));

			assertThat(tokens.statusCode()).as(algorithm + ": " + tokens.asString()).isEqualTo(200);
		}
	}

	@Test
	void requestParametersAreAdvertisedAsTheyWork() {
		Response metadata = Tls.anonymous().get(main("/.well-known/openid-configuration"));

		assertThat((Boolean) metadata.path("request_parameter_supported")).isTrue();
		assertThat((Boolean) metadata.path("request_uri_parameter_supported")).isFalse();
		assertThat((Boolean) metadata.path("require_pushed_authorization_requests")).isFalse();
		assertThat((List<String>) metadata.path("code_challenge_methods_supported")).containsExactly("S256");
		assertThat((Boolean) metadata.path("authorization_response_iss_parameter_supported")).isTrue();
	}

}
