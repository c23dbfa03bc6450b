package dev.mtlsauthz.authserver.web;

import java.util.Map;
import java.util.regex.Pattern;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages a person sees, over real TLS at the issuer: sign-in, consent (allow and
 * deny), sign-out, and the error page that explains OAuth errors which cannot be sent
 * back to the application.
 */
class PagesTest extends AuthServerIntegrationTest {

	private static final String REDIRECT_URI = "https://client.example.com/callback";

	private static final Pattern EXTERNAL_ASSET = Pattern.compile("(src|href)=\"(https?:)?//");

	private final UserSession session = new UserSession(issuer());

	@BeforeEach
	void consentingClient() {
		register(Map.of("client_id", "consenting-web-client", "client_name", "Example Web App", "client_secret",
				"consenting-secret", "token_endpoint_auth_method", "client_secret_basic", "redirect_uris",
				java.util.List.of(REDIRECT_URI), "scope", "openid profile email api.read", "require_consent", true));
	}

	@Test
	void signInPageIsAccessibleAndUsesOnlyTheServersOwnAssets() {
		Response page = session.get("/login");

		page.then().statusCode(200).contentType("text/html");
		String html = page.asString();
		assertThat(html).contains("<html lang=\"en\"")
			.contains("<label for=\"username\">Username</label>")
			.contains("<label for=\"password\">Password</label>")
			.contains("autocomplete=\"current-password\"")
			.contains("name=\"_csrf\"")
			.contains("href=\"/css/authserver.css\"");
		assertThat(EXTERNAL_ASSET.matcher(html).find()).as("no external assets").isFalse();
		assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'self'");
		Tls.anonymous().get(main("/css/authserver.css")).then().statusCode(200).contentType("text/css");
	}

	@Test
	void wrongPasswordIsExplainedOnTheSignInPage() {
		Response page = session.get("/login");
		Response signIn = session.post("/login",
				Map.of("username", "alice", "password", "wrong", "_csrf", UserSession.input(page.asString(), "_csrf")));

		assertThat(signIn.header("Location")).isEqualTo(issuer() + "/login?error");
		assertThat(session.get("/login?error").asString()).contains("role=\"alert\"")
			.contains("The username or password is not correct")
			.contains("aria-invalid=\"true\"");
	}

	@Test
	void consentPageListsTheRequestedScopesAndAllowingReturnsACode() {
		String location = session.authorize(authorizationRequest("openid profile api.read"));

		assertThat(location).startsWith(REDIRECT_URI);
		assertThat(UserSession.parameter(location, "code")).isNotBlank();
		assertThat(UserSession.parameter(location, "state")).isEqualTo("xyz");
	}

	@Test
	void consentPageNamesTheApplicationAndDescribesEachScope() {
		Response page = session.open(consentPage("openid email api.read"));

		page.then().statusCode(200);
		assertThat(page.asString()).contains("Example Web App")
			.contains("See your email address")
			.contains("Read your data in the API")
			.contains("id=\"scope-api.read\"")
			.doesNotContain("id=\"scope-openid\"");
	}

	@Test
	void denyingConsentSendsAccessDeniedToTheApplication() {
		String consent = consentPage("openid api.read");

		Response denied = session.deny(session.open(consent));

		assertThat(denied.statusCode()).isEqualTo(302);
		assertThat(denied.header("Location")).startsWith(REDIRECT_URI);
		assertThat(UserSession.parameter(denied.header("Location"), "error")).isEqualTo("access_denied");
		assertThat(UserSession.parameter(denied.header("Location"), "state")).isEqualTo("xyz");
	}

	@Test
	void unknownClientIsExplainedOnTheErrorPageInsteadOfARedirect() {
		Response error = Tls.anonymous()
			.redirects()
			.follow(false)
			.accept("text/html")
			.queryParams(Map.of("response_type", "code", "client_id", "no-such-client", "redirect_uri", REDIRECT_URI,
					"scope", "openid"))
			.get(main("/oauth2/authorize"));

		assertThat(error.statusCode()).isEqualTo(400);
		assertThat(error.contentType()).startsWith("text/html");
		assertThat(error.asString()).contains("This sign-in request cannot be completed")
			.contains("<code>invalid_request</code>")
			.contains("client_id")
			.contains("Go back to the application and try again");
	}

	@Test
	void unregisteredRedirectUriIsNeverRedirectedTo() {
		Map<String, String> request = new java.util.HashMap<>(authorizationRequest("openid"));
		request.put("redirect_uri", "https://attacker.example/callback");

		Response error = Tls.anonymous()
			.redirects()
			.follow(false)
			.accept("text/html")
			.queryParams(request)
			.get(main("/oauth2/authorize"));

		assertThat(error.statusCode()).isEqualTo(400);
		assertThat(error.asString()).contains("redirect_uri");
	}

	@Test
	void invalidScopeGoesBackToTheApplicationAsAnError() {
		session.signIn("alice", "alice-password");
		Response response = session.get("/oauth2/authorize", authorizationRequest("openid not-a-scope"));

		assertThat(response.statusCode()).isEqualTo(302);
		String location = response.header("Location");
		assertThat(location).startsWith(REDIRECT_URI);
		assertThat(UserSession.parameter(location, "error")).isEqualTo("invalid_scope");
	}

	@Test
	void unknownPageShowsTheErrorPageToASignedInUser() {
		session.signIn("alice", "alice-password");

		Response missing = session.get("/no-such-page");

		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.asString()).contains("Something went wrong").contains("There is no page at this address");
	}

	@Test
	void signingOutEndsTheSession() {
		session.signIn("alice", "alice-password");
		Response home = session.get("/");
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.asString()).contains("Hello, <span>Alice Liddell</span>");

		Response confirm = session.get("/logout");
		confirm.then().statusCode(200);
		Response signOut = session.post("/logout", Map.of("_csrf", UserSession.input(confirm.asString(), "_csrf")));

		assertThat(signOut.header("Location")).isEqualTo(issuer() + "/login?logout");
		Response signedOut = session.get("/login?logout");
		assertThat(signedOut.asString()).as(signedOut.statusLine() + signedOut.headers())
			.contains("You have been signed out");
		assertThat(session.get("/").header("Location")).isEqualTo(issuer() + "/login");
	}

	/** Signs in and starts an authorization request, returning the consent page's URL. */
	private String consentPage(String scope) {
		session.signIn("alice", "alice-password");
		Response authorize = session.get("/oauth2/authorize", authorizationRequest(scope));
		assertThat(authorize.statusCode()).isEqualTo(302);
		assertThat(authorize.header("Location")).startsWith(issuer() + "/oauth2/consent?");
		return authorize.header("Location");
	}

	private static Map<String, String> authorizationRequest(String scope) {
		return Map.of("response_type", "code", "client_id", "consenting-web-client", "redirect_uri", REDIRECT_URI,
				"scope", scope, "state", "xyz");
	}

}
