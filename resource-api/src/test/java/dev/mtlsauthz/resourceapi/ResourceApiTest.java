package dev.mtlsauthz.resourceapi;

import io.restassured.RestAssured;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;
import org.apache.http.conn.ssl.SSLSocketFactory;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mtlsauthz.certs.IssuedCertificate;

/**
 * Starts the API on a random HTTPS port with the test PKI and the {@link TestIssuer}, and
 * sends requests to it over real TLS, with or without a client certificate. Subclasses
 * add their own properties; classes with the same properties share one application
 * context.
 */
// Set before the environment is prepared, when DevelopmentCertificatesListener runs;
// dynamic properties come later.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "resourceapi.dev-certificates.generate-if-missing=false")
abstract class ResourceApiTest {

	static final String READ = "api.read";

	static final String READ_WRITE = "api.read api.write";

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void testPkiAndIssuer(DynamicPropertyRegistry registry) {
		registry.add("spring.ssl.bundle.pem.resource-api.keystore.certificate",
				() -> TestPki.file("resource-api.crt").toString());
		registry.add("spring.ssl.bundle.pem.resource-api.keystore.private-key",
				() -> TestPki.file("resource-api.key").toString());
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + TestPki.file("resource-api"));
		registry.add("resourceapi.issuer-uri", () -> TestIssuer.get().issuer());
		registry.add("resourceapi.issuer-trust-store", () -> TestPki.file("ca.crt").toString());
	}

	/**
	 * A request from 127.0.0.1 presenting {@code certificate} in the TLS handshake, or
	 * none when it is null.
	 */
	@SuppressWarnings("deprecation")
	RequestSpecification over(IssuedCertificate certificate) {
		SSLSocketFactory sockets = new SSLSocketFactory(TestPki.clientContext(certificate),
				SSLSocketFactory.STRICT_HOSTNAME_VERIFIER);
		return RestAssured.given()
			.baseUri("https://127.0.0.1")
			.port(port)
			.config(RestAssuredConfig.config().sslConfig(SSLConfig.sslConfig().sslSocketFactory(sockets)));
	}

	RequestSpecification withoutCertificate() {
		return over(null);
	}

	static String bearer(String token) {
		return "Bearer " + token;
	}

}
