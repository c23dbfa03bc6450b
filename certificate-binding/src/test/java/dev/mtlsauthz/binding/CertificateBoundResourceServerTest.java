package dev.mtlsauthz.binding;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.mtlsauthz.certs.DevelopmentCertificates;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.mtls.X5tS256;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * A third-party resource server as the README sets it up: Spring Boot's resource server
 * with a JWK Set URI (over HTTPS, trusted through
 * {@code mtls-authz.resource-server.trust-bundle}), HTTPS, this library on the class
 * path, and no security code of its own. Over real TLS it accepts a client's ephemeral
 * self-signed certificate, and it refuses a bound token with our descriptions rather than
 * Spring Security's "Invalid SHA-256 Thumbprint".
 */
@SpringBootTest(classes = CertificateBoundResourceServerTest.ThirdPartyApi.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CertificateBoundResourceServerTest {

	private static final RSAKey SIGNING_KEY = signingKey();

	private static final HttpsServer JWKS = jwks();

	private static final IssuedCertificate CLIENT = TestPki.ephemeral();

	private static final IssuedCertificate OTHER = TestPki.ephemeral();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
				() -> "https://localhost:" + JWKS.getAddress().getPort() + "/jwks");
		registry.add("mtls-authz.resource-server.trust-bundle", () -> "issuer");
		registry.add("spring.ssl.bundle.pem.issuer.truststore.certificate",
				() -> TestPki.file("ca.crt").toUri().toString());
		registry.add("server.ssl.bundle", () -> "api");
		registry.add("spring.ssl.bundle.pem.api.keystore.certificate",
				() -> TestPki.file(DevelopmentCertificates.RESOURCE_API + ".crt").toUri().toString());
		registry.add("spring.ssl.bundle.pem.api.keystore.private-key",
				() -> TestPki.file(DevelopmentCertificates.RESOURCE_API + ".key").toUri().toString());
	}

	@AfterAll
	static void stopJwks() {
		JWKS.stop(0);
	}

	@Test
	void boundTokenWithItsEphemeralSelfSignedCertificateIsAccepted() {
		over(CLIENT).header("Authorization", "Bearer " + token(CLIENT.certificate()))
			.get("/hello")
			.then()
			.statusCode(200)
			.body(equalTo("hello"));
	}

	@Test
	void boundTokenWithAnotherCertificateIsRefusedWithOurDescription() {
		over(OTHER).header("Authorization", "Bearer " + token(CLIENT.certificate()))
			.get("/hello")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""))
			.header("WWW-Authenticate", containsString("bound to a different client certificate"))
			.header("WWW-Authenticate", not(containsString("Invalid SHA-256 Thumbprint")));
	}

	@Test
	void boundTokenWithoutCertificateIsRefusedSayingTheCertificateIsMissing() {
		over(null).header("Authorization", "Bearer " + token(CLIENT.certificate()))
			.get("/hello")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", containsString("presented no client certificate"));
	}

	@Test
	void unboundTokenIsAccepted() {
		over(OTHER).header("Authorization", "Bearer " + token(null)).get("/hello").then().statusCode(200);
	}

	private RequestSpecification over(IssuedCertificate certificate) {
		return Tls.client(certificate).baseUri("https://localhost:" + port);
	}

	private static String token(X509Certificate boundTo) {
		try {
			JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("client")
				.claim("scope", "api.read")
				.issueTime(java.util.Date.from(Instant.now()))
				.expirationTime(java.util.Date.from(Instant.now().plusSeconds(300)));
			if (boundTo != null) {
				claims.claim("cnf", X5tS256.of(boundTo).toConfirmationClaim());
			}
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(SIGNING_KEY.getKeyID())
				.type(new JOSEObjectType("at+jwt"))
				.build(), claims.build());
			jwt.sign(new RSASSASigner(SIGNING_KEY));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey signingKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("test").generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The issuer's JWK Set, over HTTPS with a certificate of the test CA. */
	private static HttpsServer jwks() {
		try {
			HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.setHttpsConfigurator(
					new HttpsConfigurator(Tls.serverContext(TestPki.server(DevelopmentCertificates.AUTH_SERVER))));
			byte[] body = new JWKSet(SIGNING_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			server.createContext("/jwks", exchange -> {
				try (exchange) {
					exchange.getResponseHeaders().set("Content-Type", "application/json");
					exchange.sendResponseHeaders(200, body.length);
					exchange.getResponseBody().write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
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

	}

}
