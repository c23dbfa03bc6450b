package dev.mtlsauthz.authserver.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every cookie the server sets, over a person's whole visit (sign-in page, failed and
 * successful sign-in, authorization and consent, sign-out, a page that needs a sign-in),
 * is {@code Secure}, {@code HttpOnly} and {@code SameSite=Lax}; and the endpoints clients
 * call set none, so that an API client never gets a session.
 */
class SessionCookieTest extends AuthServerIntegrationTest {

	private final Map<String, String> cookies = new HashMap<>();

	private final List<String> setCookies = new ArrayList<>();

	@Test
	void everyCookieOfAVisitIsSecureHttpOnlyAndSameSiteLax() {
		register(Map.of("client_id", "cookie-web-client", "client_secret", "cookie-web-secret",
				"token_endpoint_auth_method", "client_secret_basic", "redirect_uris",
				List.of("https://client.example.com/callback"), "scope", "openid api.read", "require_consent", true));
		browse().get(main("/account"));
		Response login = browse().get(main("/login"));
		String csrf = UserSession.input(login.asString(), "_csrf");
		browse().formParam("username", "alice")
			.formParam("password", "wrong")
			.formParam("_csrf", csrf)
			.post(main("/login"));
		browse().formParam("username", "alice")
			.formParam("password", "alice-password")
			.formParam("_csrf", csrf)
			.post(main("/login"));
		Response authorization = browse().queryParam("response_type", "code")
			.queryParam("client_id", "cookie-web-client")
			.queryParam("redirect_uri", "https://client.example.com/callback")
			.queryParam("scope", "openid api.read")
			.queryParam("state", "s")
			.get(main("/oauth2/authorize"));
		assertThat(authorization.header("Location")).as("signed in, on to consent").contains("/oauth2/consent");
		assertThat(browse().urlEncodingEnabled(false).get(authorization.header("Location")).statusCode())
			.isEqualTo(200);
		Response signOut = browse().get(main("/logout"));
		browse().formParam("_csrf", UserSession.input(signOut.asString(), "_csrf")).post(main("/logout"));

		assertThat(setCookies).as("the visit sets the session cookie").isNotEmpty();
		assertThat(setCookies).allSatisfy(cookie -> assertThat(cookie).contains("; Secure")
			.contains("; HttpOnly")
			.containsIgnoringCase("; SameSite=Lax"));
	}

	@Test
	void theEndpointsClientsCallSetNoCookie() {
		List<Response> responses = List.of(Tls.client(TestPki.ephemeral()).get(alias("/userinfo")),
				Tls.anonymous().get(main("/userinfo")),
				basic(Tls.anonymous(), "secret-client", "wrong").formParam("grant_type", "client_credentials")
					.post(main("/oauth2/token")),
				clientCredentials(basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret"),
						alias("/oauth2/token")),
				Tls.anonymous().get(main("/.well-known/openid-configuration")),
				Tls.anonymous().get(main("/oauth2/jwks")),
				Tls.anonymous().get(main("/.well-known/oauth-protected-resource/userinfo")),
				Tls.anonymous().redirects().follow(false).accept("application/json").get(main("/account")));

		assertThat(responses).allSatisfy(response -> assertThat(response.headers().getValues("Set-Cookie"))
			.as("Set-Cookie of a %d response", response.statusCode())
			.isEmpty());
	}

	private RequestSpecification browse() {
		return Tls.anonymous()
			.redirects()
			.follow(false)
			.accept("text/html")
			.cookies(cookies)
			.filter((request, response, context) -> {
				Response answer = context.next(request, response);
				setCookies.addAll(answer.headers().getValues("Set-Cookie"));
				cookies.putAll(answer.getCookies());
				return answer;
			});
	}

}
