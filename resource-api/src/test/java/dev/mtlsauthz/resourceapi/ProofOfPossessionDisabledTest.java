package dev.mtlsauthz.resourceapi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.test.context.TestPropertySource;

import static org.hamcrest.Matchers.equalTo;

/**
 * {@code mtls-authz.resource-server.enabled=false}, the benchmark's comparison run: the
 * binding is not checked at all, so the switch really removes the check whose cost is
 * measured.
 */
@TestPropertySource(properties = "mtls-authz.resource-server.enabled=false")
class ProofOfPossessionDisabledTest extends ResourceApiTest {

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void boundTokenWithAnotherCertificateIsAccepted(TokenFormat format) {
		over(OTHER).header("Authorization", bearer(format.boundTo(CLIENT, READ)))
			.get("/api/whoami")
			.then()
			.statusCode(200);
	}

	@Test
	void metadataDoesNotClaimSupportForBoundTokens() {
		withoutCertificate().get("/.well-known/oauth-protected-resource")
			.then()
			.statusCode(200)
			.body("tls_client_certificate_bound_access_tokens", equalTo(false));
	}

}
