package dev.mtlsauthz.authserver.binding;

import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushed authorization requests (RFC 9126) at the PAR alias: a {@code tls_client_auth}
 * client pushes its request with its certificate, the browser carries only the
 * {@code request_uri}, and the code is redeemed at the token alias for a bound token.
 */
@ExtendWith(OutputCaptureExtension.class)
class PushedAuthorizationRequestTest extends AuthServerIntegrationTest {

	private static final String REDIRECT_URI = "http://127.0.0.1:9999/callback";

	private final IssuedCertificate certificate = TestPki.issued(TestPki.fromCa("CN=pki-client, O=mtls-authz test"));

	@Test
	void pushedRequestAtTheAliasThenAuthorizationByRequestUriEndsInABoundToken() {
		Response pushed = pushedRequest(Tls.client(certificate), alias("/oauth2/par"));
		pushed.then().statusCode(201);
		String requestUri = pushed.path("request_uri");
		assertThat(requestUri).startsWith("urn:ietf:params:oauth:request_uri:");

		String location = new UserSession(issuer())
			.authorize(Map.of("client_id", "pki-client", "request_uri", requestUri));

		assertThat(location).startsWith(REDIRECT_URI);
		assertThat(UserSession.parameter(location, "state")).isEqualTo("par-state");
		Response tokens = Tls.client(certificate)
			.formParam("grant_type", "authorization_code")
			.formParam("client_id", "pki-client")
			.formParam("redirect_uri", REDIRECT_URI)
			.formParam("code", UserSession.parameter(location, "code"))
			.post(alias("/oauth2/token"));
		tokens.then().statusCode(200);
		assertThat(cnfThumbprint(claims(tokens.path("access_token")))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void pushedRequestWithoutTheClientsCertificateIsInvalidClient() {
		Response pushed = pushedRequest(Tls.anonymous(), main("/oauth2/par"));

		pushed.then().statusCode(401);
		assertThat((String) pushed.path("error")).isEqualTo("invalid_client");
	}

	@Test
	void malformedPushedRequestsAreCleanErrorsAtTheIssuerAndTheAliasWithoutAStackTrace(CapturedOutput output) {
		for (String endpoint : List.of(main("/oauth2/par"), alias("/oauth2/par"))) {
			for (Map<String, String> parameters : List.<Map<String, String>>of(
					Map.of("client_id", "secret-client", "scope", "openid"),
					Map.of("client_id", "secret-client", "response_type", "token"),
					Map.of("client_id", "secret-client", "response_type", "code", "request_uri", "urn:x"),
					Map.of("client_id", "secret-client", "response_type", "code", "redirect_uri",
							"https://evil.example.com/cb"),
					Map.of("client_id", "secret-client", "response_type", "code", "scope", "unknown-scope"),
					Map.of("client_id", "secret-client", "response_type", "code", "code_challenge", "abc",
							"code_challenge_method", "plain-or-not"),
					Map.of("response_type", "code"), Map.of())) {
				Response response = basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret")
					.formParams(parameters)
					.post(endpoint);

				assertThat(response.statusCode()).as(endpoint + " " + parameters).isEqualTo(400);
				assertThat((String) response.path("error")).as(endpoint + " " + parameters)
					.isIn("invalid_request", "unsupported_response_type", "invalid_scope");
				assertThat((String) response.path("error_description")).as(endpoint + " " + parameters).isNotBlank();
			}
		}
		assertThat(output.getAll()).doesNotContain("IllegalArgumentException", "\tat org.springframework");
	}

	private static Response pushedRequest(io.restassured.specification.RequestSpecification request, String url) {
		return request.formParam("client_id", "pki-client")
			.formParam("response_type", "code")
			.formParam("redirect_uri", REDIRECT_URI)
			.formParam("scope", "api.read")
			.formParam("state", "par-state")
			.post(url);
	}

}
