package dev.mtlsauthz.resourceapi;

import com.nimbusds.jose.jwk.ECKey;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.mtlsauthz.testing.DpopProofs;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * DPoP-bound access tokens (RFC 9449 section 7) at the API over real TLS, JWT and
 * introspected alike: accepted with a valid proof, refused as a bearer token and with a
 * replayed proof, each with a {@code DPoP} challenge.
 */
class DpopAccessTokenTest extends ResourceApiTest {

	private final ECKey key = DpopProofs.newKey();

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void dpopBoundTokenWithAValidProofIsAccepted(TokenFormat format) {
		String token = token(format);
		dpop(token, DpopProofs.proof(key, "GET", url("/api/whoami")).accessToken(token).sign()).get("/api/whoami")
			.then()
			.statusCode(200)
			.body("sub", equalTo(TestIssuer.CLIENT_ID))
			.body("cnf.jkt", equalTo(DpopProofs.thumbprint(key)));
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void replayedProofIsInvalidDpopProof(TokenFormat format) {
		String token = token(format);
		String proof = DpopProofs.proof(key, "GET", url("/api/whoami")).accessToken(token).sign();
		dpop(token, proof).get("/api/whoami").then().statusCode(200);
		dpop(token, proof).get("/api/whoami")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("DPoP error=\"invalid_dpop_proof\""))
			.header("WWW-Authenticate", containsString("jti was already used"));
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void dpopBoundTokenPresentedAsBearerIsInvalidToken(TokenFormat format) {
		withoutCertificate().header("Authorization", bearer(token(format)))
			.get("/api/whoami")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", containsString("error=\"invalid_token\""));
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void proofForAnotherUriIsInvalidDpopProof(TokenFormat format) {
		String token = token(format);
		dpop(token, DpopProofs.proof(key, "GET", url("/api/messages")).accessToken(token).sign()).get("/api/whoami")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("DPoP error=\"invalid_dpop_proof\""))
			.header("WWW-Authenticate", containsString("htu"));
	}

	private String token(TokenFormat format) {
		String jkt = DpopProofs.thumbprint(key);
		return (format == TokenFormat.JWT) ? TestIssuer.get().dpopJwt(READ, jkt)
				: TestIssuer.get().dpopOpaque(READ, jkt);
	}

	private RequestSpecification dpop(String token, String proof) {
		return withoutCertificate().header("Authorization", "DPoP " + token).header("DPoP", proof);
	}

	private String url(String path) {
		return "https://127.0.0.1:" + port + path;
	}

}
