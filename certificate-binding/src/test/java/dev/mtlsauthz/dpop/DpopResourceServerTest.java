package dev.mtlsauthz.dpop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.mtlsauthz.certs.DevelopmentCertificates;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.mtls.X5tS256;
import dev.mtlsauthz.testing.DpopProofs;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * A third-party resource server with this library on its class path and no security code
 * of its own, over real TLS: DPoP-bound tokens (RFC 9449 section 7) are accepted with a
 * valid proof, and every forgery section 4.3 names is refused with a {@code DPoP}
 * challenge that says why.
 */
@SpringBootTest(classes = DpopResourceServerTest.ThirdPartyApi.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DpopResourceServerTest {

	static final RSAKey SIGNING_KEY = signingKey();

	private final ECKey clientKey = DpopProofs.newKey();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		resourceServer(registry);
	}

	static void resourceServer(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
				() -> publicKeyFile().toUri().toString());
		registry.add("spring.security.oauth2.resourceserver.jwt.jws-algorithms", () -> "RS256");
		registry.add("server.ssl.bundle", () -> "api");
		registry.add("spring.ssl.bundle.pem.api.keystore.certificate",
				() -> TestPki.file(DevelopmentCertificates.RESOURCE_API + ".crt").toUri().toString());
		registry.add("spring.ssl.bundle.pem.api.keystore.private-key",
				() -> TestPki.file(DevelopmentCertificates.RESOURCE_API + ".key").toUri().toString());
	}

	@Test
	void dpopBoundTokenWithAValidProofIsAccepted() {
		String token = token(Map.of("jkt", DpopProofs.thumbprint(clientKey)));
		dpop(token, DpopProofs.proof(clientKey, "GET", url("/hello")).accessToken(token).sign()).get("/hello")
			.then()
			.statusCode(200)
			.body(equalTo("hello"));
	}

	@Test
	void htuIsComparedAfterNormalisationWithoutQuery() {
		String token = token(Map.of("jkt", DpopProofs.thumbprint(clientKey)));
		String htu = "HTTPS://LocalHost:" + port + "/hello";
		dpop(token, DpopProofs.proof(clientKey, "GET", htu).accessToken(token).sign()).get("/hello?greeting=1")
			.then()
			.statusCode(200);
	}

	@Test
	void proofForAnotherUriIsInvalidDpopProof() {
		refused(proof -> proof.uri("/other"), "htu is not the request's URI");
	}

	@Test
	void proofForAnotherMethodIsInvalidDpopProof() {
		String token = token(Map.of("jkt", DpopProofs.thumbprint(clientKey)));
		expectInvalidProof(
				dpop(token, DpopProofs.proof(clientKey, "GET", url("/hello")).accessToken(token).sign()).post("/hello")
					.then(),
				"htm is not the request's method POST");
	}

	@Test
	void oldProofIsInvalidDpopProof() {
		refused(proof -> proof.iat(Instant.now().minusSeconds(300)), "iat is older than 60 seconds");
	}

	@Test
	void replayedProofIsInvalidDpopProof() {
		String token = token(Map.of("jkt", DpopProofs.thumbprint(clientKey)));
		String proof = DpopProofs.proof(clientKey, "GET", url("/hello")).accessToken(token).sign();
		dpop(token, proof).get("/hello").then().statusCode(200);
		expectInvalidProof(dpop(token, proof).get("/hello").then(), "jti was already used");
	}

	@Test
	void proofForAnotherAccessTokenIsInvalidDpopProof() {
		refused(proof -> proof.proofs().accessToken("another-token"), "ath is not the hash of the access token");
	}

	@Test
	void proofWithoutAthIsInvalidDpopProof() {
		String token = token(Map.of("jkt", DpopProofs.thumbprint(clientKey)));
		expectInvalidProof(dpop(token, DpopProofs.proof(clientKey, "GET", url("/hello")).sign()).get("/hello").then(),
				"has no ath");
	}

	@Test
	void proofWithAPrivateKeyInItsJwkIsInvalidDpopProof() {
		refused(proof -> proof.proofs().privateKeyInHeader(), "contains a private key");
	}

	@Test
	void unsignedProofIsInvalidDpopProof() {
		refused(proof -> proof.proofs().unsigned(), "unsigned (alg none)");
	}

	@Test
	void proofOfAnotherTypeIsInvalidDpopProof() {
		refused(proof -> proof.proofs().type("JWT"), "typ header is not dpop+jwt");
	}

	@Test
	void proofSignedByAnotherKeyIsInvalidDpopProof() {
		String token = token(Map.of("jkt", DpopProofs.thumbprint(clientKey)));
		String proof = DpopProofs.proof(DpopProofs.newKey(), "GET", url("/hello")).accessToken(token).sign();
		expectInvalidProof(dpop(token, proof).get("/hello").then(), "not the one the access token is bound to");
	}

	@Test
	void postWithAValidProofNeedsNoCsrfToken() {
		String token = token(Map.of("jkt", DpopProofs.thumbprint(clientKey)));
		dpop(token, DpopProofs.proof(clientKey, "POST", url("/hello")).accessToken(token).sign()).post("/hello")
			.then()
			.statusCode(200);
	}

	@Test
	void dpopBoundTokenPresentedAsBearerIsInvalidToken() {
		String token = token(Map.of("jkt", DpopProofs.thumbprint(clientKey)));
		over(null).header("Authorization", "Bearer " + token)
			.get("/hello")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""));
	}

	@Test
	void dpopSchemeWithoutProofIsInvalidRequest() {
		String token = token(Map.of("jkt", DpopProofs.thumbprint(clientKey)));
		over(null).header("Authorization", "DPoP " + token)
			.get("/hello")
			.then()
			.statusCode(400)
			.header("WWW-Authenticate", startsWith("DPoP error=\"invalid_request\""));
	}

	@Test
	void certificateBoundTokenStillNeedsItsCertificateAndIsNoDpopToken() {
		IssuedCertificate client = TestPki.ephemeral();
		String token = token(X5tS256.of(client.certificate()).toConfirmationClaim());
		over(client).header("Authorization", "Bearer " + token).get("/hello").then().statusCode(200);
		over(null).header("Authorization", "Bearer " + token)
			.get("/hello")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", containsString("presented no client certificate"));
		over(client).header("Authorization", "DPoP " + token)
			.header("DPoP", DpopProofs.proof(clientKey, "GET", url("/hello")).accessToken(token).sign())
			.get("/hello")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("DPoP error=\"invalid_token\""));
	}

	@Test
	void unboundBearerTokenIsStillAccepted() {
		over(null).header("Authorization", "Bearer " + token(null)).get("/hello").then().statusCode(200);
	}

	private void refused(Consumer<Forgery> forgery, String description) {
		String token = token(Map.of("jkt", DpopProofs.thumbprint(clientKey)));
		Forgery forged = new Forgery(clientKey, url("/hello"), token);
		forgery.accept(forged);
		expectInvalidProof(dpop(token, forged.proofs().sign()).get("/hello").then(), description);
	}

	static void expectInvalidProof(ValidatableResponse response, String description) {
		response.statusCode(401)
			.header("WWW-Authenticate", startsWith("DPoP error=\"invalid_dpop_proof\""))
			.header("WWW-Authenticate", containsString(description))
			.header("WWW-Authenticate", containsString("algs=\"ES256 ES384 ES512 PS256"));
	}

	RequestSpecification dpop(String token, String proof) {
		return over(null).header("Authorization", "DPoP " + token).header("DPoP", proof);
	}

	RequestSpecification over(IssuedCertificate certificate) {
		return Tls.client(certificate).baseUri("https://localhost:" + port);
	}

	String url(String path) {
		return "https://localhost:" + port + path;
	}

	/** One valid proof's parts, each of which a test may change. */
	final class Forgery {

		private final ECKey key;

		private final String token;

		private String uri;

		private Instant issuedAt = Instant.now();

		private DpopProofs proofs;

		Forgery(ECKey key, String uri, String token) {
			this.key = key;
			this.uri = uri;
			this.token = token;
		}

		Forgery uri(String path) {
			this.uri = url(path);
			return this;
		}

		Forgery iat(Instant issuedAt) {
			this.issuedAt = issuedAt;
			return this;
		}

		DpopProofs proofs() {
			if (proofs == null) {
				proofs = DpopProofs.proof(key, "GET", uri).accessToken(token).issuedAt(issuedAt);
			}
			return proofs;
		}

	}

	static String token(Map<String, Object> confirmation) {
		try {
			JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("client")
				.claim("scope", "api.read")
				.issueTime(Date.from(Instant.now()))
				.expirationTime(Date.from(Instant.now().plusSeconds(300)));
			if (confirmation != null) {
				claims.claim("cnf", confirmation);
			}
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).build(),
					claims.build());
			jwt.sign(new RSASSASigner(SIGNING_KEY));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey signingKey() {
		try {
			return new RSAKeyGenerator(2048).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Path publicKeyFile() {
		try {
			Path file = Files.createTempFile("issuer", ".pem");
			file.toFile().deleteOnExit();
			Files.writeString(file,
					"-----BEGIN PUBLIC KEY-----\n"
							+ Base64.getMimeEncoder().encodeToString(SIGNING_KEY.toPublicKey().getEncoded())
							+ "\n-----END PUBLIC KEY-----\n");
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The application: one endpoint, no security configuration. */
	@SpringBootApplication
	@RestController
	static class ThirdPartyApi {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@PostMapping("/hello")
		String postHello() {
			return "hello";
		}

	}

}
