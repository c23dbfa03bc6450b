package dev.mtlsauthz.authserver.clients;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repeated, empty or missing credential parameter is {@code invalid_request} with a
 * description that names it (RFC 6749 sections 2.3.1 and 3.2, RFC 7521 section 4.2), at
 * every endpoint that authenticates clients.
 */
class ClientAuthenticationParametersTest extends AuthServerIntegrationTest {

	private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	@ParameterizedTest
	@ValueSource(strings = { "/oauth2/token", "/oauth2/device_authorization", "/oauth2/introspect", "/oauth2/revoke",
			"/oauth2/par" })
	void aRepeatedClientIdIsNamedAtEveryEndpoint(String endpoint) {
		Response refused = Tls.anonymous()
			.formParam("client_id", "secret-client")
			.formParam("client_id", "secret-client")
			.formParam("client_secret", "secret-client-secret")
			.formParam("grant_type", "client_credentials")
			.formParam("token", "t")
			.post(alias(endpoint));

		assertInvalidRequest(refused, "client_id is repeated");
	}

	@Test
	void aRepeatedClientSecretIsNamed() {
		assertInvalidRequest(clientCredentials(Tls.anonymous()
			.formParam("client_id", "secret-client")
			.formParam("client_secret", "secret-client-secret")
			.formParam("client_secret", "secret-client-secret")), "client_secret is repeated");
	}

	@Test
	void aRepeatedClientIdOfAPublicClientIsNamed() {
		assertInvalidRequest(Tls.anonymous()
			.formParam("client_id", "native-client")
			.formParam("client_id", "native-client")
			.formParam("grant_type", "authorization_code")
			.formParam("code", "c")
			.formParam("code_verifier", "v")
			.post(alias("/oauth2/token")), "client_id is repeated");
	}

	@Test
	void aRepeatedCodeVerifierIsNamed() {
		assertInvalidRequest(Tls.anonymous()
			.formParam("client_id", "native-client")
			.formParam("grant_type", "authorization_code")
			.formParam("code", "c")
			.formParam("code_verifier", "v")
			.formParam("code_verifier", "w")
			.post(alias("/oauth2/token")), "code_verifier is repeated");
	}

	@Test
	void aPublicClientWithoutItsCodeVerifierIsToldItIsMissing() {
		assertInvalidRequest(Tls.anonymous()
			.formParam("client_id", "native-client")
			.formParam("grant_type", "authorization_code")
			.formParam("code", "c")
			.post(alias("/oauth2/token")), "code_verifier is missing");
	}

	@Test
	void anEmptyClientIdIsNamed() {
		assertInvalidRequest(
				clientCredentials(
						Tls.anonymous().formParam("client_id", "").formParam("client_secret", "secret-client-secret")),
				"client_id is empty");
	}

	@Test
	void aClientSecretWithoutClientIdIsToldTheClientIdIsMissing() {
		assertInvalidRequest(clientCredentials(Tls.anonymous().formParam("client_secret", "secret-client-secret")),
				"client_id is missing");
	}

	@Test
	void aRepeatedOrHalfClientAssertionIsNamed() {
		assertInvalidRequest(clientCredentials(Tls.anonymous()
			.formParam("client_id", "jwt-secret-client")
			.formParam("client_assertion_type", ASSERTION_TYPE)
			.formParam("client_assertion", "a.b.c")
			.formParam("client_assertion", "a.b.c")), "client_assertion is repeated");
		assertInvalidRequest(clientCredentials(Tls.anonymous()
			.formParam("client_id", "jwt-secret-client")
			.formParam("client_assertion_type", ASSERTION_TYPE)
			.formParam("client_assertion_type", ASSERTION_TYPE)
			.formParam("client_assertion", "a.b.c")), "client_assertion_type is repeated");
		assertInvalidRequest(clientCredentials(
				Tls.anonymous().formParam("client_id", "jwt-secret-client").formParam("client_assertion", "a.b.c")),
				"client_assertion_type is missing");
		assertInvalidRequest(clientCredentials(Tls.anonymous()
			.formParam("client_assertion_type", ASSERTION_TYPE)
			.formParam("client_assertion", "a.b.c")), "client_id is missing");
	}

	@Test
	void malformedBasicCredentialsNameTheAuthorizationHeader() {
		assertInvalidRequest(clientCredentials(Tls.anonymous().header("Authorization", "Basic bm8tY29sb24=")),
				"Authorization: the Basic credentials");
	}

	@Test
	void aRepeatedScopeIsStillNamed() {
		Response refused = basic(Tls.anonymous(), "secret-client", "secret-client-secret")
			.formParam("grant_type", "client_credentials")
			.formParam("scope", "api.read")
			.formParam("scope", "api.read")
			.post(alias("/oauth2/token"));

		refused.then().statusCode(400);
		assertThat((String) refused.path("error_description")).contains("scope");
	}

	private static Response clientCredentials(RequestSpecification request) {
		return request.formParam("grant_type", "client_credentials").post(alias("/oauth2/token"));
	}

	private static void assertInvalidRequest(Response response, String description) {
		response.then().statusCode(400);
		assertThat((String) response.path("error")).isEqualTo("invalid_request");
		assertThat((String) response.path("error_description")).startsWith(description);
	}

}
