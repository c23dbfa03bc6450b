package dev.mtlsauthz.dpop;

import java.util.Map;

import com.nimbusds.jose.jwk.ECKey;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mtlsauthz.testing.DpopProofs;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

/**
 * Server-provided nonces at a resource server (RFC 9449 section 9), turned on with
 * {@code mtls-authz.resource-server.dpop.nonce.enabled}: a proof without one is refused
 * with {@code use_dpop_nonce} and a nonce to use, and the retry with it is accepted.
 */
@SpringBootTest(classes = DpopResourceServerTest.ThirdPartyApi.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mtls-authz.resource-server.dpop.nonce.enabled=true",
				"mtls-authz.resource-server.dpop.nonce.secret=MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=" })
class DpopNonceResourceServerTest {

	private final ECKey clientKey = DpopProofs.newKey();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		DpopResourceServerTest.resourceServer(registry);
	}

	@Test
	void proofWithoutNonceIsUseDpopNonceAndTheRetryWithTheNonceProvidedIsAccepted() {
		String token = DpopResourceServerTest.token(Map.of("jkt", DpopProofs.thumbprint(clientKey)));
		Response refused = call(token, DpopProofs.proof(clientKey, "GET", url()).accessToken(token).sign());
		refused.then().statusCode(401).header("WWW-Authenticate", startsWith("DPoP error=\"use_dpop_nonce\""));
		String nonce = refused.header(DpopNonces.HEADER);
		assertThat(nonce).isNotBlank();

		Response accepted = call(token,
				DpopProofs.proof(clientKey, "GET", url()).accessToken(token).nonce(nonce).sign());
		accepted.then().statusCode(200);
		assertThat(accepted.header(DpopNonces.HEADER)).isNotBlank();
	}

	@Test
	void nonceNotMadeByThisServerIsUseDpopNonce() {
		String token = DpopResourceServerTest.token(Map.of("jkt", DpopProofs.thumbprint(clientKey)));
		String forged = DpopNonces.withRandomKey(java.time.Duration.ofMinutes(5), java.time.Clock.systemUTC())
			.current();
		call(token, DpopProofs.proof(clientKey, "GET", url()).accessToken(token).nonce(forged).sign()).then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("DPoP error=\"use_dpop_nonce\""));
	}

	private Response call(String token, String proof) {
		return Tls.client(null)
			.baseUri("https://localhost:" + port)
			.header("Authorization", "DPoP " + token)
			.header("DPoP", proof)
			.get("/hello");
	}

	private String url() {
		return "https://localhost:" + port + "/hello";
	}

}
