package dev.mtlsauthz.resourceapi;

import java.time.Duration;

import io.restassured.specification.RequestSpecification;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

/**
 * Starts the API on a random HTTPS port with the test PKI and the {@link TestIssuer}, and
 * sends requests to it over real TLS, with or without a client certificate. Subclasses
 * add their own properties; classes with the same properties share one application
 * context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ResourceApiTest {

	/** The client the tokens are bound to: a certificate issued by the test CA. */
	static final IssuedCertificate CLIENT = TestPki.issued(TestPki.fromCa("CN=client"));

	/**
	 * Someone else's certificate, self-signed like an ephemeral one (RFC 8705 section 3
	 * needs no CA).
	 */
	static final IssuedCertificate OTHER = CertificateBuilder.subject("CN=other")
		.clientAuth()
		.validFor(Duration.ofDays(1))
		.selfSigned();

	static final String READ = "api.read";

	static final String READ_WRITE = "api.read api.write";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void testPkiAndIssuer(DynamicPropertyRegistry registry) {
		testPki(registry);
		registry.add("resourceapi.issuer-uri", () -> TestIssuer.get().issuer());
	}

	/**
	 * The API's server certificate and database, and the CA it trusts for the issuer, for
	 * a test class that brings its own issuer.
	 */
	static void testPki(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.resource-api.keystore.certificate",
				() -> TestPki.file("resource-api.crt").toString());
		registry.add("spring.ssl.bundle.pem.resource-api.keystore.private-key",
				() -> TestPki.file("resource-api.key").toString());
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:resource-api;DB_CLOSE_DELAY=-1");
		registry.add("resourceapi.issuer-trust-store", () -> TestPki.file("ca.crt").toString());
	}

	/**
	 * A request from 127.0.0.1 presenting {@code certificate} in the TLS handshake, or
	 * none when it is null.
	 */
	RequestSpecification over(IssuedCertificate certificate) {
		return Tls.client(certificate).baseUri("https://127.0.0.1").port(port);
	}

	RequestSpecification withoutCertificate() {
		return over(null);
	}

	static String bearer(String token) {
		return "Bearer " + token;
	}

}
