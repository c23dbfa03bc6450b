package dev.mtlsauthz.authserver.jarm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.authserver.fapi.FapiFixtures;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.fapi.FapiFixtures.REDIRECT_URI;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorization responses over real TLS: {@code iss} in every one (RFC 9207), the
 * {@code form_post} page, and JARM responses verified with the server's published JWK
 * Set, for successes and errors alike.
 */
class AuthorizationResponsesTest extends AuthServerIntegrationTest {

	private UserSession session;

	@BeforeEach
	void signIn() {
		session = new UserSession(issuer());
		session.signIn("alice", "alice-password");
	}

	@Test
	void successResponseCarriesIssCodeAndState() {
		String location = redirect(authorize(Map.of()));

		assertThat(UserSession.parameter(location, "iss")).isEqualTo(issuer());
		assertThat(UserSession.parameter(location, "code")).isNotBlank();
		assertThat(UserSession.parameter(location, "state")).isEqualTo("jarm-state");
	}

	@Test
	void errorResponseCarriesIssErrorAndState() {
		String location = redirect(authorize(Map.of("scope", "not-a-scope")));

		assertThat(UserSession.parameter(location, "error")).isEqualTo("invalid_scope");
		assertThat(UserSession.parameter(location, "iss")).isEqualTo(issuer());
		assertThat(UserSession.parameter(location, "state")).isEqualTo("jarm-state");
	}

	@Test
	void unsupportedResponseModeIsInvalidRequestSentInTheQuery() {
		String location = redirect(authorize(Map.of("response_mode", "fragment")));

		assertThat(UserSession.parameter(location, "error")).isEqualTo("invalid_request");
		assertThat(UserSession.parameter(location, "error_description")).contains("response_mode");
		assertThat(UserSession.parameter(location, "iss")).isEqualTo(issuer());
	}

	@Test
	void formPostPageSubmitsCodeStateAndIssToTheRedirectUriUnderAStrictContentSecurityPolicy() throws Exception {
		Response page = authorize(Map.of("response_mode", "form_post"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		String html = page.asString();
		assertThat(html).contains("<form method=\"post\" action=\"" + REDIRECT_URI + "\">");
		assertThat(UserSession.input(html, "code")).isNotBlank();
		assertThat(UserSession.input(html, "state")).isEqualTo("jarm-state");
		assertThat(UserSession.input(html, "iss")).isEqualTo(issuer());
		String policy = page.header("Content-Security-Policy");
		assertThat(policy).contains("default-src 'none'", "form-action http://127.0.0.1:9999", "frame-ancestors 'none'",
				"script-src 'sha256-" + sha256(onlyScript(html)) + "'");
		assertThat(page.header("Cache-Control")).contains("no-store");
	}

	@Test
	void jwtResponseModeRedirectsWithAResponseSignedByTheServer() throws Exception {
		String location = redirect(authorize(Map.of("response_mode", "jwt")));

		assertThat(UserSession.parameter(location, "code")).isNull();
		JWTClaimsSet response = verified(UserSession.parameter(location, "response"));
		assertThat(response.getIssuer()).isEqualTo(issuer());
		assertThat(response.getAudience()).containsExactly("secret-client");
		assertThat(response.getExpirationTime()).isInTheFuture();
		assertThat(response.getStringClaim("code")).isNotBlank();
		assertThat(response.getStringClaim("state")).isEqualTo("jarm-state");
	}

	@Test
	void queryJwtErrorResponseIsSignedToo() throws Exception {
		String location = redirect(authorize(Map.of("response_mode", "query.jwt", "scope", "not-a-scope")));

		JWTClaimsSet response = verified(UserSession.parameter(location, "response"));
		assertThat(response.getStringClaim("error")).isEqualTo("invalid_scope");
		assertThat(response.getStringClaim("state")).isEqualTo("jarm-state");
		assertThat(response.getIssuer()).isEqualTo(issuer());
	}

	@Test
	void formPostJwtPagePostsTheSignedResponse() throws Exception {
		Response page = authorize(Map.of("response_mode", "form_post.jwt"));

		assertThat(page.statusCode()).isEqualTo(200);
		JWTClaimsSet response = verified(UserSession.input(page.asString(), "response"));
		assertThat(response.getStringClaim("code")).isNotBlank();
		assertThat(response.getAudience()).containsExactly("secret-client");
	}

	@Test
	void discoveryAdvertisesTheResponseModesIssAndTheAlgorithmThatSignsResponses() throws Exception {
		Response metadata = Tls.anonymous().get(main("/.well-known/oauth-authorization-server"));
		String signed = UserSession.parameter(redirect(authorize(Map.of("response_mode", "jwt"))), "response");

		assertThat((Boolean) metadata.path("authorization_response_iss_parameter_supported")).isTrue();
		assertThat((List<String>) metadata.path("response_modes_supported")).containsExactly("query", "form_post",
				"jwt", "query.jwt", "form_post.jwt");
		assertThat((List<String>) metadata.path("authorization_signing_alg_values_supported"))
			.containsExactly(SignedJWT.parse(signed).getHeader().getAlgorithm().getName());
	}

	private Response authorize(Map<String, String> overrides) {
		Map<String, String> parameters = new HashMap<>(Map.of("response_type", "code", "client_id", "secret-client",
				"redirect_uri", REDIRECT_URI, "scope", "api.read", "state", "jarm-state"));
		parameters.putAll(overrides);
		return session.get("/oauth2/authorize", parameters);
	}

	private static String redirect(Response response) {
		assertThat(response.statusCode()).as(response.asString()).isEqualTo(302);
		String location = response.header("Location");
		assertThat(location).startsWith(REDIRECT_URI);
		return location;
	}

	private JWTClaimsSet verified(String jwt) throws Exception {
		assertThat(jwt).as("a response parameter").isNotBlank();
		return FapiFixtures.verifiedByTheServer(issuer(), jwt, null);
	}

	private static String onlyScript(String html) {
		Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
		assertThat(script.find()).isTrue();
		String content = script.group(1);
		assertThat(script.find()).as("one script only").isFalse();
		return content;
	}

	private static String sha256(String text) throws Exception {
		return Base64.getEncoder()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

}
