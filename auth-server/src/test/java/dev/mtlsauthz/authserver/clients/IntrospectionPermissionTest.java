package dev.mtlsauthz.authserver.clients;

import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Introspection (RFC 7662) is for resource servers: a client registered with
 * {@code introspection_allowed} learns a token's claims; any other client, authenticated
 * as it may be, gets {@code {"active":false}} for every token (RFC 7662 section 2.2), at
 * the issuer and at the alias.
 */
class IntrospectionPermissionTest extends AuthServerIntegrationTest {

	@Test
	void aClientNotGrantedIntrospectionLearnsNothingAboutAnotherClientsToken() {
		String reference = accessToken("opaque-client", "opaque-client-secret");
		String jwt = accessToken("secret-client", "secret-client-secret");

		for (String token : new String[] { reference, jwt }) {
			for (String url : new String[] { main("/oauth2/introspect"), alias("/oauth2/introspect") }) {
				Response response = introspect("secret-client", "secret-client-secret", token, url);
				response.then().statusCode(200);
				assertThat(response.jsonPath().getMap("")).as(url).isEqualTo(Map.of("active", false));
			}
		}
	}

	@Test
	void aClientNotGrantedIntrospectionLearnsNothingAboutItsOwnTokenEither() {
		String token = accessToken("opaque-client", "opaque-client-secret");

		assertThat(introspect("opaque-client", "opaque-client-secret", token, main("/oauth2/introspect")).jsonPath()
			.getMap("")).isEqualTo(Map.of("active", false));
	}

	@Test
	void aResourceServerGrantedIntrospectionReadsTheClaims() {
		String token = accessToken("opaque-client", "opaque-client-secret");

		Response response = introspect("introspector", "introspector-secret", token, main("/oauth2/introspect"));

		response.then().statusCode(200);
		assertThat(response.<Boolean>path("active")).isTrue();
		assertThat(response.<String>path("client_id")).isEqualTo("opaque-client");
	}

	@Test
	void theSeededResourceApiIsGrantedIntrospectionAndNoOtherSeededClientIs() {
		assertThat(UserSession.seededClient("resource-api")).containsEntry("introspection_allowed", true);
		for (String clientId : new String[] { "demo-secret-client", "demo-opaque-client", "demo-web-client",
				"demo-registrar" }) {
			assertThat(UserSession.seededClient(clientId)).doesNotContainKey("introspection_allowed");
		}
	}

	private static String accessToken(String clientId, String secret) {
		return clientCredentials(basic(Tls.client(TestPki.ephemeral()), clientId, secret), alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
	}

	private static Response introspect(String clientId, String secret, String token, String url) {
		return basic(Tls.client(TestPki.ephemeral()), clientId, secret).formParam("token", token).post(url);
	}

}
