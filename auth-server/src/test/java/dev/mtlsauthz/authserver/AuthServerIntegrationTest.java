package dev.mtlsauthz.authserver;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mtlsauthz.authserver.clients.ClientMetadata;
import dev.mtlsauthz.authserver.clients.EnabledClientsRepository;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.mtls.X5tS256;
import dev.mtlsauthz.testing.TestPki;

/**
 * Starts the whole server on two real TLS ports (the issuer and the mTLS connector) with
 * the test PKI and the clients of {@code test-clients.json}, with the always-emit flag
 * on. Subclasses share one running server. Throttling of failed authentications is off:
 * every test comes from 127.0.0.1 and many fail on purpose; the tests of
 * {@code throttling} turn it on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class AuthServerIntegrationTest {

	protected static final int PORT = freePort();

	protected static final int MTLS_PORT = freePort();

	@Autowired
	protected EnabledClientsRepository clients;

	@Autowired
	protected PasswordEncoder passwordEncoder;

	@DynamicPropertySource
	static void serverProperties(DynamicPropertyRegistry registry) {
		configure(registry, PORT, MTLS_PORT, true, "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
	}

	/**
	 * The properties that put a server on the given ports with the test PKI and database.
	 */
	public static void configure(DynamicPropertyRegistry registry, int port, int mtlsPort, boolean alwaysEmit,
			String databaseUrl) {
		properties(port, mtlsPort, alwaysEmit, databaseUrl).forEach((name, value) -> registry.add(name, () -> value));
	}

	/**
	 * The same properties as {@link #configure}, for tests that start and stop the server
	 * themselves. Pass them with the precedence of command-line arguments: as
	 * {@code SpringApplicationBuilder.properties(...)} they would be mere defaults, which
	 * {@code application.yml} overrides.
	 */
	public static Map<String, Object> properties(int port, int mtlsPort, boolean alwaysEmit, String databaseUrl) {
		TestPki.ca();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", port);
		properties.put("authserver.issuer", "https://localhost:" + port);
		properties.put("authserver.mtls.port", mtlsPort);
		properties.put("authserver.mtls.always-emit-confirmation-claim", alwaysEmit);
		properties.put("authserver.mtls.trust-anchors[0]", "file:" + TestPki.file("ca.crt"));
		properties.put("authserver.mtls.jwks-refresh-min-interval", "0s");
		properties.put("authserver.clients", "classpath:test-clients.json");
		properties.put("authserver.throttling.enabled", false);
		properties.put("authserver.dev-certificates.generate-if-missing", false);
		properties.put("spring.ssl.bundle.pem.auth-server.keystore.certificate",
				"file:" + TestPki.file("auth-server.crt"));
		properties.put("spring.ssl.bundle.pem.auth-server.keystore.private-key",
				"file:" + TestPki.file("auth-server.key"));
		properties.put("spring.datasource.url", databaseUrl);
		// Prometheus scrapes a connector of its own.
		properties.put("authserver.metrics.port", freePort());
		// Client-registered URLs (jwks_uri) are fetched from the test HTTPS server on
		// 127.0.0.2 only; 127.0.0.1 and localhost stay refused.
		properties.put("authserver.fetch.allowed-networks[0]", "127.0.0.2/32");
		properties.put("authserver.fetch.ssl-bundle", "test-fetch");
		properties.put("spring.ssl.bundle.pem.test-fetch.truststore.certificate", "file:" + TestPki.file("ca.crt"));
		return properties;
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	protected static String issuer() {
		return "https://localhost:" + PORT;
	}

	/** An endpoint at the issuer (no client certificate requested). */
	protected static String main(String path) {
		return issuer() + path;
	}

	/** An endpoint at the mTLS connector, as listed in mtls_endpoint_aliases. */
	protected static String alias(String path) {
		return "https://localhost:" + MTLS_PORT + path;
	}

	/**
	 * Registers (or replaces) a client from RFC 7591 metadata, as the seeding and
	 * registration do.
	 */
	protected void register(Map<String, Object> metadata) {
		clients.save(ClientMetadata.toRegisteredClient(metadata, passwordEncoder, file -> {
			throw new UnsupportedOperationException();
		}));
	}

	public static RequestSpecification basic(RequestSpecification request, String clientId, String secret) {
		return request.auth().preemptive().basic(clientId, secret);
	}

	public static Response clientCredentials(RequestSpecification request, String url) {
		return request.formParam("grant_type", "client_credentials").formParam("scope", "api.read").post(url);
	}

	/**
	 * The claims of a JWT, without verifying it (tests that verify signatures do so
	 * explicitly).
	 */
	public static Map<String, Object> claims(String jwt) {
		try {
			return SignedJWT.parse(jwt).getJWTClaimsSet().toJSONObject();
		}
		catch (java.text.ParseException ex) {
			throw new AssertionError("Not a JWT: " + jwt, ex);
		}
	}

	@SuppressWarnings("unchecked")
	public static String cnfThumbprint(Map<String, Object> claims) {
		Object cnf = claims.get("cnf");
		return cnf instanceof Map<?, ?> map ? (String) ((Map<String, Object>) map).get("x5t#S256") : null;
	}

	public static String thumbprint(IssuedCertificate certificate) {
		return X5tS256.of(certificate.certificate()).value();
	}

	protected static String base64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
