package dev.mtlsauthz.authserver.dpop;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.ECKey;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.testing.DpopProofs;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * DPoP (RFC 9449) at the token endpoint and the userinfo endpoint, over real TLS: a proof
 * works once, a client registered with {@code dpop_bound_access_tokens} must send one, a
 * code requested with {@code dpop_jkt} is redeemed with that key only, and the userinfo
 * endpoint accepts the DPoP-bound token with a proof and refuses it otherwise.
 */
class DpopTokenEndpointTest extends AuthServerIntegrationTest {

	private static final String REDIRECT_URI = "http://127.0.0.1:9999/callback";

	private final ECKey key = DpopProofs.newKey();

	@Test
	void proofIsAcceptedOnceAtTheTokenEndpoint() {
		String proof = DpopProofs.proof(key, "POST", main("/oauth2/token")).sign();
		clientCredentials(proof).then().statusCode(200).body("token_type", equalTo("DPoP"));
		clientCredentials(proof).then()
			.statusCode(400)
			.body("error", equalTo("invalid_dpop_proof"))
			.body("error_description", containsString("jti was already used"));
	}

	@Test
	void proofForAnotherUriIsInvalidDpopProofAtTheTokenEndpoint() {
		clientCredentials(DpopProofs.proof(key, "POST", main("/oauth2/introspect")).sign()).then()
			.statusCode(400)
			.body("error", equalTo("invalid_dpop_proof"))
			.body("error_description", containsString("htu"));
	}

	@Test
	void clientRegisteredWithDpopBoundAccessTokensMustSendAProof() {
		register(Map.of("client_id", "dpop-client", "client_secret", "dpop-client-secret", "grant_types",
				List.of("client_credentials"), "scope", "api.read", "dpop_bound_access_tokens", true));

		clientCredentials(basic(Tls.anonymous(), "dpop-client", "dpop-client-secret"), main("/oauth2/token")).then()
			.statusCode(400)
			.body("error", equalTo("invalid_dpop_proof"))
			.body("error_description", containsString("dpop_bound_access_tokens"));
		clientCredentials(basic(Tls.anonymous(), "dpop-client", "dpop-client-secret").header("DPoP",
				DpopProofs.proof(key, "POST", main("/oauth2/token")).sign()), main("/oauth2/token"))
			.then()
			.statusCode(200)
			.body("token_type", equalTo("DPoP"));
	}

	@Test
	void codeRequestedWithDpopJktIsRedeemedOnlyWithAProofOfThatKey() {
		String jkt = DpopProofs.thumbprint(key);
		redeem(code(Map.of("dpop_jkt", jkt)), null).then()
			.statusCode(400)
			.body("error", equalTo("invalid_dpop_proof"))
			.body("error_description", containsString("dpop_jkt"));
		redeem(code(Map.of("dpop_jkt", jkt)), DpopProofs.newKey()).then()
			.statusCode(400)
			.body("error", equalTo("invalid_grant"));
		Response tokens = redeem(code(Map.of("dpop_jkt", jkt)), key);
		tokens.then().statusCode(200).body("token_type", equalTo("DPoP"));
		assertThat(claims(tokens.path("access_token"))).containsEntry("cnf", Map.of("jkt", jkt));
	}

	@Test
	void userinfoAcceptsTheDpopBoundTokenWithAProofAndRefusesItOtherwise() {
		String token = redeem(code(Map.of()), key).then().statusCode(200).extract().path("access_token");

		userinfo(token, DpopProofs.proof(key, "GET", main("/userinfo")).accessToken(token).sign()).then()
			.statusCode(200)
			.body("sub", equalTo("alice"));
		userinfo(token, DpopProofs.proof(key, "GET", main("/userinfo")).sign()).then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("DPoP error=\"invalid_dpop_proof\""))
			.header("WWW-Authenticate", containsString("no ath"));
		userinfo(token, DpopProofs.proof(key, "GET", main("/other")).accessToken(token).sign()).then()
			.statusCode(401)
			.header("WWW-Authenticate", containsString("htu is not the request's URI"));
		Tls.anonymous().auth().oauth2(token).get(main("/userinfo")).then().statusCode(401);
	}

	private Response userinfo(String token, String proof) {
		return Tls.anonymous().header("Authorization", "DPoP " + token).header("DPoP", proof).get(main("/userinfo"));
	}

	private Response clientCredentials(String proof) {
		return clientCredentials(basic(Tls.anonymous(), "secret-client", "secret-client-secret").header("DPoP", proof),
				main("/oauth2/token"));
	}

	/** Alice signs in; the authorization code for secret-client. */
	private static String code(Map<String, String> extra) {
		Map<String, String> request = new HashMap<>(Map.of("response_type", "code", "client_id", "secret-client",
				"redirect_uri", REDIRECT_URI, "scope", "openid profile", "state", "s"));
		request.putAll(extra);
		String location = new UserSession(issuer()).authorize(request);
		assertThat(location).startsWith(REDIRECT_URI);
		return UserSession.parameter(location, "code");
	}

	private Response redeem(String code, ECKey proofKey) {
		var request = basic(Tls.anonymous(), "secret-client", "secret-client-secret");
		if (proofKey != null) {
			request.header("DPoP", DpopProofs.proof(proofKey, "POST", main("/oauth2/token")).sign());
		}
		return request.formParam("grant_type", "authorization_code")
			.formParam("redirect_uri", REDIRECT_URI)
			.formParam("code", code)
			.post(main("/oauth2/token"));
	}

}
