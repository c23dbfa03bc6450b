package dev.mtlsauthz.resourceapi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.mtlsauthz.mtls.X5tS256;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Proof of possession over a direct mTLS connection (RFC 8705 section 3; checklist items
 * 18 to 21), for JWT and opaque (introspected) tokens alike.
 */
class CertificateBoundAccessTokenTest extends ResourceApiTest {

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void boundTokenWithTheSameCertificateIsAccepted(TokenFormat format) {
		over(CLIENT).header("Authorization", bearer(format.boundTo(CLIENT, READ)))
			.get("/api/whoami")
			.then()
			.statusCode(200)
			.body("sub", equalTo(TestIssuer.CLIENT_ID))
			.body("client_id", equalTo(TestIssuer.CLIENT_ID))
			.body("scope", hasItem("api.read"))
			.body("token_type", equalTo(format.tokenType()))
			.body("cnf.'x5t#S256'", equalTo(X5tS256.of(CLIENT.certificate()).value()))
			.body("certificate.'x5t#S256'", equalTo(X5tS256.of(CLIENT.certificate()).value()));
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void boundTokenWithAnotherCertificateIsInvalidToken(TokenFormat format) {
		over(OTHER).header("Authorization", bearer(format.boundTo(CLIENT, READ)))
			.get("/api/whoami")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""))
			.header("WWW-Authenticate", containsString("bound to a different client certificate"));
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void boundTokenWithoutCertificateIsInvalidToken(TokenFormat format) {
		withoutCertificate().header("Authorization", bearer(format.boundTo(CLIENT, READ)))
			.get("/api/whoami")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""))
			.header("WWW-Authenticate", containsString("presented no client certificate"));
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void unboundTokenIsAcceptedWithOrWithoutCertificate(TokenFormat format) {
		String token = format.unbound(READ);
		withoutCertificate().header("Authorization", bearer(token))
			.get("/api/whoami")
			.then()
			.statusCode(200)
			.body("cnf", nullValue())
			.body("certificate", nullValue());
		over(OTHER).header("Authorization", bearer(token))
			.get("/api/whoami")
			.then()
			.statusCode(200)
			.body("certificate.subject", equalTo("CN=other"));
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void missingScopeIsInsufficientScope(TokenFormat format) {
		over(CLIENT).header("Authorization", bearer(format.boundTo(CLIENT, READ)))
			.contentType("application/json")
			.body("{\"text\":\"hello\"}")
			.post("/api/messages")
			.then()
			.statusCode(403)
			.header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_scope\""));
		over(CLIENT).header("Authorization", bearer(format.boundTo(CLIENT, "api.write")))
			.get("/api/messages")
			.then()
			.statusCode(403)
			.header("WWW-Authenticate", startsWith("Bearer error=\"insufficient_scope\""));
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void messagesAreWrittenAndReadBack(TokenFormat format) {
		String token = format.boundTo(CLIENT, READ_WRITE);
		String text = "hello from " + format;
		over(CLIENT).header("Authorization", bearer(token))
			.contentType("application/json")
			.body("{\"text\":\"" + text + "\"}")
			.post("/api/messages")
			.then()
			.statusCode(201)
			.body("text", equalTo(text))
			.body("author", equalTo(TestIssuer.CLIENT_ID))
			.body("client_id", equalTo(TestIssuer.CLIENT_ID));
		over(CLIENT).header("Authorization", bearer(token))
			.get("/api/messages")
			.then()
			.statusCode(200)
			.body("text", hasItem(text));
	}

	@Test
	void invalidMessageIsInvalidRequest() {
		over(CLIENT).header("Authorization", bearer(TokenFormat.JWT.boundTo(CLIENT, READ_WRITE)))
			.contentType("application/json")
			.body("{\"text\":\"  \"}")
			.post("/api/messages")
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_request"))
			.body("error_description", containsString("text must be between 1 and 500 characters"));
		over(CLIENT).header("Authorization", bearer(TokenFormat.JWT.boundTo(CLIENT, READ_WRITE)))
			.contentType("application/json")
			.body("not json")
			.post("/api/messages")
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_request"));
	}

	@Test
	void opaqueTokensAreIntrospectedAtTheMtlsAliasAndCachedBriefly() {
		String token = TokenFormat.OPAQUE.boundTo(CLIENT, READ);
		int before = TestIssuer.get().introspections();
		over(CLIENT).header("Authorization", bearer(token)).get("/api/whoami").then().statusCode(200);
		over(CLIENT).header("Authorization", bearer(token)).get("/api/messages").then().statusCode(200);
		// Only the alias answers; the plain introspection endpoint of the test issuer
		// refuses every call.
		assertThat(TestIssuer.get().introspections()).isEqualTo(before + 1);
	}

	@Test
	void unknownOpaqueTokenIsInvalidToken() {
		over(CLIENT).header("Authorization", bearer("not-a-token-the-issuer-knows"))
			.get("/api/whoami")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));
	}

	@Test
	void jwtWithABrokenSignatureIsInvalidToken() {
		String jwt = TokenFormat.JWT.boundTo(CLIENT, READ);
		String tampered = jwt.substring(0, jwt.lastIndexOf('.') + 1) + "AAAA" + jwt.substring(jwt.lastIndexOf('.') + 5);
		over(CLIENT).header("Authorization", bearer(tampered))
			.get("/api/whoami")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));
	}

	@Test
	void requestWithoutTokenIsChallenged() {
		over(CLIENT).get("/api/whoami")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("Bearer"))
			.header("WWW-Authenticate", not(containsString("error=")));
	}

	@Test
	void healthNeedsNeitherTokenNorCertificate() {
		withoutCertificate().get("/actuator/health").then().statusCode(200).body("status", equalTo("UP"));
	}

	@Test
	void protectedResourceMetadataTheChallengePointsToNamesTheIssuer() {
		withoutCertificate().get("/.well-known/oauth-protected-resource")
			.then()
			.statusCode(200)
			.body("authorization_servers", hasItem(TestIssuer.get().issuer()))
			.body("scopes_supported", hasItem("api.write"))
			.body("tls_client_certificate_bound_access_tokens", equalTo(true));
	}

	@Test
	void theChallengeNamesTheMetadataOfTheUrlCalledWhoseResourceIsThatUrl() {
		String challenge = withoutCertificate().get("/api/whoami")
			.then()
			.statusCode(401)
			.extract()
			.header("WWW-Authenticate");
		String url = "https://127.0.0.1:" + port;
		assertThat(challenge)
			.isEqualTo("Bearer resource_metadata=\"" + url + "/.well-known/oauth-protected-resource/api/whoami\"");

		withoutCertificate().get("/.well-known/oauth-protected-resource/api/whoami")
			.then()
			.statusCode(200)
			.body("resource", equalTo(url + "/api/whoami"))
			.body("authorization_servers", hasItem(TestIssuer.get().issuer()))
			.body("tls_client_certificate_bound_access_tokens", equalTo(true));
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void aBoundTokenWithoutItsCertificateNamesTheSameMetadata(TokenFormat format) {
		withoutCertificate().header("Authorization", bearer(format.boundTo(CLIENT, READ)))
			.get("/api/messages")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", containsString("resource_metadata=\"https://127.0.0.1:" + port
					+ "/.well-known/oauth-protected-resource/api/messages\""));
	}

}
