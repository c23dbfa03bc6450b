package dev.mtlsauthz.authserver.clients;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.hamcrest.Matchers.equalTo;

/**
 * Disabling a client takes effect at once: it cannot authenticate, and its tokens
 * introspect as inactive.
 */
class DisabledClientTest extends AuthServerIntegrationTest {

	@Test
	void disablingAClientMakesItsTokensInactiveAndItsAuthenticationFail() {
		Map<String, Object> metadata = new HashMap<>(Map.of("client_id", "soon-disabled", "client_secret",
				"soon-disabled-secret", "token_endpoint_auth_method", "client_secret_basic", "grant_types",
				List.of("client_credentials"), "scope", "api.read", "access_token_format", "reference"));
		register(metadata);
		String token = clientCredentials(
				basic(Tls.client(TestPki.ephemeral()), "soon-disabled", "soon-disabled-secret"), alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
		introspect(token).then().statusCode(200).body("active", equalTo(true));

		metadata.put("enabled", false);
		register(metadata);

		introspect(token).then().statusCode(200).body("active", equalTo(false));
		clientCredentials(basic(Tls.client(TestPki.ephemeral()), "soon-disabled", "soon-disabled-secret"),
				alias("/oauth2/token"))
			.then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"));

		metadata.put("enabled", true);
		register(metadata);
		introspect(token).then().statusCode(200).body("active", equalTo(true));
	}

	private static io.restassured.response.Response introspect(String token) {
		return basic(Tls.anonymous(), "introspector", "introspector-secret").formParam("token", token)
			.post(main("/oauth2/introspect"));
	}

}
