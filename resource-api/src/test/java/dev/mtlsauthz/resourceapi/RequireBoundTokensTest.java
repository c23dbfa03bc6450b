package dev.mtlsauthz.resourceapi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.test.context.TestPropertySource;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@code mtls-authz.resource-server.require-bound-tokens=true}: a resource that accepts
 * only sender-constrained tokens (checklist item 20).
 */
@TestPropertySource(properties = "mtls-authz.resource-server.require-bound-tokens=true")
class RequireBoundTokensTest extends ResourceApiTest {

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void unboundTokenIsInvalidToken(TokenFormat format) {
		over(CLIENT).header("Authorization", bearer(format.unbound(READ)))
			.get("/api/whoami")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""))
			.header("WWW-Authenticate", containsString("requires a certificate-bound access token"));
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void boundTokenWithItsCertificateIsStillAccepted(TokenFormat format) {
		over(CLIENT).header("Authorization", bearer(format.boundTo(CLIENT, READ)))
			.get("/api/whoami")
			.then()
			.statusCode(200);
	}

}
