package dev.mtlsauthz.authserver.binding;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import org.springframework.http.MediaType;
import org.springframework.web.util.UriComponentsBuilder;

import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource owner's browser, without a browser: it talks to the issuer over real TLS
 * (never presenting a certificate, as browsers at the issuer do not), follows no redirect
 * by itself so that each step can be checked, keeps the session cookie, and logs in
 * through Spring Security's default login form with its CSRF token.
 */
public final class UserAgent {

	public static final String REDIRECT_URI = "http://127.0.0.1:9999/callback";

	private static final Pattern HIDDEN_INPUT = Pattern.compile("<input[^>]*>");

	private final String issuer;

	private final Map<String, String> cookies = new HashMap<>();

	public UserAgent(String issuer) {
		this.issuer = issuer;
	}

	/**
	 * Runs the authorization request (RFC 6749 section 4.1.1) up to the redirect back to
	 * the client, logging in as {@code username} first when this user agent has no
	 * session yet, and returns the authorization code.
	 */
	public String authorizationCode(String clientId, String scope, Pkce pkce, String username, String password) {
		String state = UUID.randomUUID().toString();
		RequestSpecification request = browser().queryParam("response_type", "code")
			.queryParam("client_id", clientId)
			.queryParam("redirect_uri", REDIRECT_URI)
			.queryParam("scope", scope)
			.queryParam("state", state);
		if (pkce != null) {
			request.queryParam("code_challenge", pkce.challenge()).queryParam("code_challenge_method", "S256");
		}
		boolean loggedIn = !cookies.isEmpty();
		String location = redirectFrom(remember(request.get(issuer + "/oauth2/authorize")));
		if (!loggedIn) {
			assertThat(location).as("a user agent without a session is sent to log in").isEqualTo(issuer + "/login");
			String savedRequest = logIn(username, password);
			assertThat(savedRequest).as("back to the authorization request").startsWith(issuer + "/oauth2/authorize");
			location = redirectFrom(remember(browser().urlEncodingEnabled(false).get(savedRequest)));
		}
		assertThat(location).as("redirect to the client").startsWith(REDIRECT_URI);
		Map<String, String> parameters = UriComponentsBuilder.fromUriString(location)
			.build(true)
			.getQueryParams()
			.toSingleValueMap();
		assertThat(parameters).as("authorization response").containsEntry("state", state).containsKey("code");
		return decode(parameters.get("code"));
	}

	/**
	 * Logs in with the default form login and returns where the server sends the user
	 * next.
	 */
	public String logIn(String username, String password) {
		Response loginPage = remember(browser().get(issuer + "/login"));
		assertThat(loginPage.statusCode()).as("login page").isEqualTo(200);
		Response login = remember(browser().formParam("username", username)
			.formParam("password", password)
			.formParam("_csrf", hiddenInput(loginPage.asString(), "_csrf"))
			.post(issuer + "/login"));
		String next = redirectFrom(login);
		assertThat(next).as("after login").doesNotContain("error");
		return next;
	}

	/** A GET at the issuer with this user agent's session. */
	public Response get(String path, Map<String, String> query) {
		return remember(browser().queryParams(query).get(issuer + path));
	}

	/** Follows a redirect at the issuer with this user agent's session. */
	public Response follow(Response redirect) {
		String location = redirectFrom(redirect);
		return remember(
				browser().urlEncodingEnabled(false).get(location.startsWith("/") ? issuer + location : location));
	}

	/** A form POST at the issuer with this user agent's session. */
	public Response post(String path, Map<String, ?> form) {
		return remember(browser().formParams(form).post(issuer + path));
	}

	/** The value of the hidden input {@code name} of an HTML form. */
	public static String hiddenInput(String html, String name) {
		Matcher inputs = HIDDEN_INPUT.matcher(html);
		while (inputs.find()) {
			String input = inputs.group();
			if (input.contains("name=\"" + name + "\"")) {
				Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(input);
				assertThat(value.find()).as("value of " + name).isTrue();
				return value.group(1);
			}
		}
		throw new AssertionError("No input " + name + " in: " + html);
	}

	private RequestSpecification browser() {
		return Tls.anonymous().redirects().follow(false).accept(MediaType.TEXT_HTML_VALUE).cookies(cookies);
	}

	private Response remember(Response response) {
		cookies.putAll(response.getCookies());
		return response;
	}

	private static String redirectFrom(Response response) {
		assertThat(response.statusCode()).as("redirect, body: " + response.asString()).isEqualTo(302);
		return response.header("Location");
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	/** A PKCE code verifier and its S256 challenge (RFC 7636 section 4.1 and 4.2). */
	public record Pkce(String verifier, String challenge) {

		public static Pkce s256() {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			return new Pkce(verifier, challengeOf(verifier));
		}

		private static String challengeOf(String verifier) {
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256")
					.digest(verifier.getBytes(StandardCharsets.US_ASCII));
				return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

}
