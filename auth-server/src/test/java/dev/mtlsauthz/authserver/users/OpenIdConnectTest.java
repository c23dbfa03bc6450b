package dev.mtlsauthz.authserver.users;

import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.RelyingParty;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect with a confidential web client ({@code client_secret_basic}): the ID
 * token, the standard claims of the scopes {@code profile} and {@code email} at the
 * userinfo alias, which enforces the certificate binding of the access token, and
 * RP-initiated logout at the {@code end_session_endpoint}.
 */
class OpenIdConnectTest extends AuthServerIntegrationTest {

	private static final String CLIENT_ID = "oidc-web-client";

	private static final String POST_LOGOUT_REDIRECT_URI = RelyingParty.POST_LOGOUT_REDIRECT_URI;

	private final UserSession session = new UserSession(issuer());

	private final RelyingParty client = new RelyingParty(CLIENT_ID, session, alias("/oauth2/token"));

	private final IssuedCertificate certificate = client.certificate();

	@BeforeEach
	void webClient() {
		register(RelyingParty.metadata(CLIENT_ID, "openid profile email api.read"));
	}

	@Test
	void idTokenIdentifiesAliceToTheClient() {
		Response tokens = client.tokens("openid profile email", "n-0S6_WzA2Mj");

		Map<String, Object> idToken = claims(tokens.path("id_token"));
		assertThat(idToken).containsEntry("iss", issuer())
			.containsEntry("sub", "alice")
			.containsEntry("aud", CLIENT_ID)
			.containsEntry("nonce", "n-0S6_WzA2Mj")
			.containsKey("auth_time");
		assertThat(cnfThumbprint(claims(tokens.path("access_token")))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void userinfoAtTheAliasReturnsTheStandardClaimsOfTheGrantedScopesToTheBoundCertificate() {
		String accessToken = client.tokens("openid profile email", "n1").path("access_token");

		Response userinfo = Tls.client(certificate).auth().oauth2(accessToken).get(alias("/userinfo"));

		userinfo.then().statusCode(200);
		assertThat(userinfo.jsonPath().getMap("")).containsEntry("sub", "alice")
			.containsEntry("name", "Alice Liddell")
			.containsEntry("given_name", "Alice")
			.containsEntry("family_name", "Liddell")
			.containsEntry("preferred_username", "alice")
			.containsEntry("email", "alice@example.com")
			.containsEntry("email_verified", true)
			.containsEntry("locale", "en-GB")
			.containsKey("updated_at");
		Tls.client(TestPki.ephemeral()).auth().oauth2(accessToken).get(alias("/userinfo")).then().statusCode(401);
	}

	@Test
	void userinfoReleasesOnlyTheClaimsOfTheGrantedScopes() {
		String accessToken = client.tokens("openid email", "n2").path("access_token");

		Map<String, Object> userinfo = Tls.client(certificate)
			.auth()
			.oauth2(accessToken)
			.get(alias("/userinfo"))
			.then()
			.statusCode(200)
			.extract()
			.jsonPath()
			.getMap("");

		assertThat(userinfo).containsOnlyKeys("sub", "email", "email_verified");
	}

	@Test
	@SuppressWarnings("unchecked")
	void discoveryAdvertisesTheStandardScopesClaimsAndEndSessionEndpoint() {
		Map<String, Object> configuration = Tls.anonymous()
			.get(main("/.well-known/openid-configuration"))
			.then()
			.statusCode(200)
			.extract()
			.jsonPath()
			.getMap("");

		assertThat(configuration).containsEntry("end_session_endpoint", issuer() + "/connect/logout")
			.containsEntry("userinfo_endpoint", issuer() + "/userinfo");
		assertThat((List<Object>) configuration.get("scopes_supported")).contains("openid", "profile", "email");
		assertThat((List<Object>) configuration.get("claims_supported")).contains("sub", "name", "email",
				"email_verified");
	}

	@Test
	void relyingPartyInitiatedLogoutEndsTheSessionAndReturnsToTheClient() {
		String idToken = client.tokens("openid", "n3").path("id_token");

		Response logout = session.get("/connect/logout",
				Map.of("id_token_hint", idToken, "post_logout_redirect_uri", POST_LOGOUT_REDIRECT_URI, "state", "bye"));

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.header("Location")).isEqualTo(POST_LOGOUT_REDIRECT_URI + "?state=bye");
		assertThat(session.get("/").header("Location")).as("signed out").isEqualTo(issuer() + "/login");
	}

}
