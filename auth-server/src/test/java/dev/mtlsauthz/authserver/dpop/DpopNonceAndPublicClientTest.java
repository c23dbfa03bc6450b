package dev.mtlsauthz.authserver.dpop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.ECKey;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.testing.DpopProofs;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Server-provided nonces (RFC 9449 sections 8 and 9) turned on at the token endpoint
 * ({@code authserver.dpop.nonce}) and the userinfo endpoint
 * ({@code mtls-authz.resource-server.dpop.nonce.enabled}), and a public client whose
 * refresh token is bound to its DPoP key (section 5).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "authserver.dpop.nonce=true", "mtls-authz.resource-server.dpop.nonce.enabled=true" })
class DpopNonceAndPublicClientTest {

	private static final int PORT = AuthServerIntegrationTest.freePort();

	private static final int MTLS_PORT = AuthServerIntegrationTest.freePort();

	private static final String REDIRECT_URI = "http://127.0.0.1:9999/callback";

	private final ECKey key = DpopProofs.newKey();

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		AuthServerIntegrationTest.configure(registry, PORT, MTLS_PORT, true,
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
	}

	@Test
	void tokenEndpointAndUserinfoAskForANonceAndAcceptTheRetryWithIt() {
		Response refused = tokenRequest(code(), DpopProofs.proof(key, "POST", url("/oauth2/token")));
		refused.then()
			.statusCode(400)
			.body("error", equalTo("use_dpop_nonce"))
			.header("DPoP-Nonce", org.hamcrest.Matchers.notNullValue());
		String nonce = refused.header("DPoP-Nonce");

		Response tokens = tokenRequest(code(), DpopProofs.proof(key, "POST", url("/oauth2/token")).nonce(nonce));
		tokens.then().statusCode(200).body("token_type", equalTo("DPoP"));
		String token = tokens.path("access_token");

		Response userinfo = userinfo(token, DpopProofs.proof(key, "GET", url("/userinfo")).accessToken(token));
		userinfo.then().statusCode(401).header("WWW-Authenticate", startsWith("DPoP error=\"use_dpop_nonce\""));
		userinfo(token,
				DpopProofs.proof(key, "GET", url("/userinfo")).accessToken(token).nonce(userinfo.header("DPoP-Nonce")))
			.then()
			.statusCode(200)
			.body("sub", equalTo("alice"));
	}

	@Test
	void publicClientsRefreshTokenIsRefusedWithoutAProofOfItsKey() {
		String nonce = nonce();
		Response tokens = tokenRequest(code(), DpopProofs.proof(key, "POST", url("/oauth2/token")).nonce(nonce));
		tokens.then().statusCode(200).body("token_type", equalTo("DPoP"));
		String refreshToken = tokens.path("refresh_token");
		assertThat(refreshToken).as("a refresh token for the public client").isNotNull();

		refresh(refreshToken, null).then()
			.statusCode(400)
			.body("error", equalTo("invalid_dpop_proof"))
			.body("error_description", org.hamcrest.Matchers.containsString("bound to a DPoP key"));
		refresh(refreshToken, DpopProofs.proof(key, "POST", url("/oauth2/token")).nonce(nonce)).then()
			.statusCode(200)
			.body("token_type", equalTo("DPoP"));
	}

	private String nonce() {
		return Tls.anonymous()
			.formParam("grant_type", "client_credentials")
			.auth()
			.preemptive()
			.basic("secret-client", "secret-client-secret")
			.post(url("/oauth2/token"))
			.header("DPoP-Nonce");
	}

	private static final String VERIFIER = "dpop-test-code-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

	/** Alice signs in; the code for native-client, with PKCE. */
	private static String code() {
		String location = new UserSession("https://localhost:" + PORT).authorize(Map.of("response_type", "code",
				"client_id", "native-client", "redirect_uri", REDIRECT_URI, "scope", "openid api.read", "state", "s",
				"code_challenge", challenge(), "code_challenge_method", "S256"));
		assertThat(location).startsWith(REDIRECT_URI);
		return UserSession.parameter(location, "code");
	}

	private Response tokenRequest(String code, DpopProofs proof) {
		return Tls.anonymous()
			.header("DPoP", proof.sign())
			.formParam("grant_type", "authorization_code")
			.formParam("client_id", "native-client")
			.formParam("redirect_uri", REDIRECT_URI)
			.formParam("code", code)
			.formParam("code_verifier", VERIFIER)
			.post(url("/oauth2/token"));
	}

	private Response refresh(String refreshToken, DpopProofs proof) {
		var request = Tls.anonymous();
		if (proof != null) {
			request.header("DPoP", proof.sign());
		}
		return request.formParam("grant_type", "refresh_token")
			.formParam("client_id", "native-client")
			.formParam("refresh_token", refreshToken)
			.post(url("/oauth2/token"));
	}

	private Response userinfo(String token, DpopProofs proof) {
		return Tls.anonymous()
			.header("Authorization", "DPoP " + token)
			.header("DPoP", proof.sign())
			.get(url("/userinfo"));
	}

	private static String url(String path) {
		return "https://localhost:" + PORT + path;
	}

	private static String challenge() {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(
						MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
