package dev.mtlsauthz.authserver.device;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device authorization grant (RFC 8628) as third-party devices use it: public clients
 * (section 3.1), the documented request with {@code openid}, the {@code interval} of the
 * response (section 3.2), and the errors of a refused scope, a client without the grant
 * and a device code used twice.
 */
class DeviceFlowTest extends AuthServerIntegrationTest {

	private static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

	private final UserSession session = new UserSession(issuer());

	private final IssuedCertificate device = TestPki.ephemeral();

	@Test
	void publicClientStartsTheDeviceFlowWithItsClientIdAndGetsTokensBoundToItsCertificate() {
		String clientId = registerPublicDeviceClient();

		Response authorization = Tls.client(device)
			.formParam("client_id", clientId)
			.formParam("scope", "api.read")
			.post(alias("/oauth2/device_authorization"));

		authorization.then().statusCode(200);
		approve(clientId, authorization);
		Response tokens = Tls.client(device)
			.formParam("client_id", clientId)
			.formParam("grant_type", DEVICE_CODE)
			.formParam("device_code", (String) authorization.path("device_code"))
			.post(alias("/oauth2/token"));
		tokens.then().statusCode(200);
		assertThat(cnfThumbprint(claims(tokens.path("access_token")))).isEqualTo(thumbprint(device));
		String refreshToken = tokens.path("refresh_token");
		assertThat(refreshToken).as("a public client with a certificate gets a bound refresh token").isNotBlank();
		Response stolen = Tls.client(TestPki.ephemeral())
			.formParam("client_id", clientId)
			.formParam("grant_type", "refresh_token")
			.formParam("refresh_token", refreshToken)
			.post(alias("/oauth2/token"));
		stolen.then().statusCode(400);
		assertThat((String) stolen.path("error")).isEqualTo("invalid_grant");
	}

	@Test
	void publicClientWithoutACertificateGetsAnUnboundAccessTokenAndNoRefreshToken() {
		String clientId = registerPublicDeviceClient();
		Response authorization = Tls.anonymous()
			.formParam("client_id", clientId)
			.formParam("scope", "api.read")
			.post(main("/oauth2/device_authorization"));
		authorization.then().statusCode(200);
		approve(clientId, authorization);

		Response tokens = Tls.anonymous()
			.formParam("client_id", clientId)
			.formParam("grant_type", DEVICE_CODE)
			.formParam("device_code", (String) authorization.path("device_code"))
			.post(main("/oauth2/token"));

		tokens.then().statusCode(200);
		assertThat(claims(tokens.path("access_token"))).containsEntry("sub", "alice").doesNotContainKey("cnf");
		assertThat((String) tokens.path("refresh_token")).isNull();
	}

	@Test
	void theDocumentedRequestWithOpenIdGivesAnIntervalAndAnIdTokenThatRefreshesAndOpensUserinfo() {
		register(UserSession.seededClient("demo-web-client"));

		Response authorization = webClient().formParam("scope", "openid api.read")
			.post(alias("/oauth2/device_authorization"));

		authorization.then().statusCode(200);
		assertThat((Integer) authorization.path("interval")).isEqualTo(5);
		assertThat((Integer) authorization.path("expires_in")).isPositive();
		assertThat((String) authorization.path("verification_uri")).isEqualTo(issuer() + "/activate");
		assertThat((String) authorization.path("verification_uri_complete"))
			.isEqualTo(issuer() + "/activate?user_code=" + authorization.path("user_code"));
		approve("demo-web-client", authorization);
		Response tokens = webClient().formParam("grant_type", DEVICE_CODE)
			.formParam("device_code", (String) authorization.path("device_code"))
			.post(alias("/oauth2/token"));
		tokens.then().statusCode(200);
		assertThat(claims(tokens.path("id_token"))).containsEntry("iss", issuer())
			.containsEntry("sub", "alice")
			.containsEntry("aud", "demo-web-client")
			.containsEntry("azp", "demo-web-client");
		assertThat((String) tokens.path("scope")).contains("openid").contains("api.read");
		Response userinfo = Tls.client(device).auth().oauth2(tokens.path("access_token")).get(alias("/userinfo"));
		userinfo.then().statusCode(200);
		assertThat((String) userinfo.path("sub")).isEqualTo("alice");
		Response refreshed = webClient().formParam("grant_type", "refresh_token")
			.formParam("refresh_token", (String) tokens.path("refresh_token"))
			.post(alias("/oauth2/token"));
		refreshed.then().statusCode(200);
		assertThat(claims(refreshed.path("id_token"))).containsEntry("sub", "alice");
	}

	@Test
	void aScopeTheClientMayNotAskForIsInvalidScopeNamingItAndWhatTheClientMayAskFor() {
		register(UserSession.seededClient("demo-web-client"));

		Response refused = webClient().formParam("scope", "api.read api.admin")
			.post(alias("/oauth2/device_authorization"));

		refused.then().statusCode(400);
		assertThat((String) refused.path("error")).isEqualTo("invalid_scope");
		assertThat((String) refused.path("error_description"))
			.startsWith("scope api.admin is not registered for the client demo-web-client")
			.contains("api.read", "api.write", "openid");
	}

	@Test
	void aClientWithoutTheDeviceGrantIsUnauthorizedClientNamingTheGrant() {
		Response refused = basic(Tls.client(device), "opaque-client", "opaque-client-secret")
			.formParam("scope", "api.read")
			.post(alias("/oauth2/device_authorization"));

		refused.then().statusCode(400);
		assertThat((String) refused.path("error")).isEqualTo("unauthorized_client");
		assertThat((String) refused.path("error_description")).contains("opaque-client", DEVICE_CODE);
	}

	@Test
	void aDeviceCodeUsedTwiceIsInvalidGrant() {
		register(UserSession.seededClient("demo-web-client"));
		Response authorization = webClient().formParam("scope", "api.read").post(alias("/oauth2/device_authorization"));
		approve("demo-web-client", authorization);
		RequestSpecification redeem = webClient().formParam("grant_type", DEVICE_CODE)
			.formParam("device_code", (String) authorization.path("device_code"));
		redeem.post(alias("/oauth2/token")).then().statusCode(200);

		Response again = webClient().formParam("grant_type", DEVICE_CODE)
			.formParam("device_code", (String) authorization.path("device_code"))
			.post(alias("/oauth2/token"));

		again.then().statusCode(400);
		assertThat((String) again.path("error")).isEqualTo("invalid_grant");
		assertThat((String) again.path("error_description")).contains("already redeemed");
	}

	@Test
	void theConsentPageListsTheScopesInTheOrderTheDeviceAskedFor() {
		String clientId = "consenting-device-" + UUID.randomUUID();
		register(Map.of("client_id", clientId, "client_name", "Kitchen display", "token_endpoint_auth_method", "none",
				"grant_types", List.of(DEVICE_CODE), "scope", "openid profile email api.read api.write",
				"require_consent", true));
		Response authorization = Tls.client(device)
			.formParam("client_id", clientId)
			.formParam("scope", "api.write profile openid email api.read")
			.post(alias("/oauth2/device_authorization"));
		session.signIn("alice", "alice-password");

		String consentPage = session
			.open(session.get("/oauth2/device_verification", Map.of("user_code", authorization.path("user_code")))
				.header("Location"))
			.asString();

		assertThat(consentPage).containsSubsequence("id=\"scope-api.write\"", "id=\"scope-profile\"",
				"id=\"scope-email\"", "id=\"scope-api.read\"");
		assertThat(consentPage).as("openid needs no consent and is sent along")
			.contains("<input type=\"hidden\" name=\"scope\" value=\"openid\">");
	}

	private RequestSpecification webClient() {
		return basic(Tls.client(device), "demo-web-client", "demo-web-secret");
	}

	private String registerPublicDeviceClient() {
		String clientId = "public-device-" + UUID.randomUUID();
		register(Map.of("client_id", clientId, "client_name", "Command-line tool", "token_endpoint_auth_method", "none",
				"grant_types", List.of(DEVICE_CODE, "refresh_token"), "scope", "api.read"));
		return clientId;
	}

	/**
	 * Alice signs in, enters the user code at the verification endpoint and allows every
	 * scope on the consent page, unless the client asks no consent.
	 */
	private void approve(String clientId, Response authorization) {
		session.signIn("alice", "alice-password");
		Response verification = session.get("/oauth2/device_verification",
				Map.of("user_code", authorization.path("user_code")));
		String location = verification.header("Location");
		if (location.startsWith(issuer() + "/oauth2/consent")) {
			location = session.allow(session.open(location)).header("Location");
		}
		assertThat(location).as("device of " + clientId + " approved").isEqualTo(issuer() + "/activate?success");
	}

}
