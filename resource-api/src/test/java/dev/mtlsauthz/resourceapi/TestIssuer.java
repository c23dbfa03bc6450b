package dev.mtlsauthz.resourceapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.mtlsauthz.certs.DevelopmentCertificates;
import dev.mtlsauthz.mtls.X5tS256;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

/**
 * A small authorization server for the tests, over HTTPS: metadata with an mTLS alias for
 * introspection, a JWK Set, RFC 9068 JWT access tokens signed with Nimbus, opaque tokens
 * and RFC 7662 introspection that requires the API's credentials. The plain introspection
 * endpoint refuses every call, so a test fails if the API does not use the alias. Its
 * issuer has a path, as a multi-tenant server's does, and its metadata is only where RFC
 * 8414 section 3.1 puts it for such an issuer: the well-known suffix between the host and
 * the path. It can rotate its key and stop ({@link #startAnother()}). The lead's
 * end-to-end tests run the real authorization server instead.
 */
final class TestIssuer {

	static final String CLIENT_ID = "demo-client";

	static final String INTROSPECTION_CREDENTIALS = "Basic "
			+ Base64.getEncoder().encodeToString("resource-api:resource-api-secret".getBytes(StandardCharsets.UTF_8));

	/** The path of the issuer identifier. */
	static final String PATH = "/tenants/demo";

	private static final TestIssuer INSTANCE = new TestIssuer();

	private final HttpsServer server;

	private final String issuer;

	private final List<RSAKey> publishedKeys = new CopyOnWriteArrayList<>();

	private volatile RSAKey signingKey;

	private final AtomicInteger jwksFetches = new AtomicInteger();

	private final AtomicBoolean stopped = new AtomicBoolean();

	private final Map<String, Map<String, Object>> opaqueTokens = new ConcurrentHashMap<>();

	private final AtomicInteger introspections = new AtomicInteger();

	private TestIssuer() {
		try {
			signingKey = newKey();
			publishedKeys.add(signingKey);
			server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.setHttpsConfigurator(
					new HttpsConfigurator(Tls.serverContext(TestPki.server(DevelopmentCertificates.AUTH_SERVER))));
			issuer = "https://localhost:" + server.getAddress().getPort() + PATH;
			server.createContext("/.well-known/oauth-authorization-server" + PATH, this::metadata);
			server.createContext(PATH + "/oauth2/jwks", exchange -> {
				jwksFetches.incrementAndGet();
				respond(exchange, 200,
						new JWKSet(publishedKeys.stream().<JWK>map(RSAKey::toPublicJWK).toList()).toJSONObject());
			});
			server.createContext(PATH + "/oauth2/introspect", exchange -> respond(exchange, 401,
					Map.of("error", "invalid_client", "error_description", "use the mTLS alias")));
			server.createContext(PATH + "/mtls/oauth2/introspect", this::introspect);
			server.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the test issuer", ex);
		}
	}

	static TestIssuer get() {
		return INSTANCE;
	}

	/** Another issuer, of the calling test alone, which may rotate its key or stop. */
	static TestIssuer startAnother() {
		return new TestIssuer();
	}

	/** Publishes a new key, which signs the tokens issued from now on (key rotation). */
	void rotate() {
		RSAKey next = newKey();
		publishedKeys.add(next);
		signingKey = next;
	}

	/** How many times the JWK Set was fetched. */
	int jwksFetches() {
		return jwksFetches.get();
	}

	/** Stops answering: an authorization server outage. */
	void stop() {
		if (stopped.compareAndSet(false, true)) {
			server.stop(0);
		}
	}

	/** A JWT signed with a key this issuer never published. */
	String jwtSignedWithUnknownKey(String scope) {
		return sign(newKey(), scope, null);
	}

	String issuer() {
		return issuer;
	}

	int introspections() {
		return introspections.get();
	}

	/**
	 * A signed JWT access token (RFC 9068), bound to {@code boundTo} unless it is null.
	 */
	String jwt(String scope, X509Certificate boundTo) {
		return sign(signingKey, scope, confirmation(boundTo));
	}

	/** A signed JWT access token bound to a DPoP key (RFC 9449 section 6.1). */
	String dpopJwt(String scope, String jkt) {
		return sign(signingKey, scope, Map.of("jkt", jkt));
	}

	private String sign(RSAKey key, String scope, Map<String, Object> confirmation) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
				.type(new JOSEObjectType("at+jwt"))
				.build(), JWTClaimsSet.parse(claims(scope, confirmation)));
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException | java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey newKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An opaque reference token whose claims only introspection reveals. */
	String opaque(String scope, X509Certificate boundTo) {
		return opaque(scope, confirmation(boundTo));
	}

	/** An opaque token bound to a DPoP key, as introspection reveals (RFC 9449 6.2). */
	String dpopOpaque(String scope, String jkt) {
		return opaque(scope, Map.of("jkt", jkt));
	}

	private String opaque(String scope, Map<String, Object> confirmation) {
		String token = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
		Map<String, Object> claims = claims(scope, confirmation);
		claims.put("active", true);
		claims.put("token_type", "Bearer");
		opaqueTokens.put(token, claims);
		return token;
	}

	private static Map<String, Object> confirmation(X509Certificate boundTo) {
		return (boundTo != null) ? Map.of(X5tS256.CLAIM_NAME, X5tS256.of(boundTo).value()) : null;
	}

	private Map<String, Object> claims(String scope, Map<String, Object> confirmation) {
		Instant now = Instant.now();
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", issuer);
		claims.put("sub", CLIENT_ID);
		claims.put("client_id", CLIENT_ID);
		claims.put("aud", List.of("resource-api"));
		claims.put("scope", scope);
		claims.put("iat", now.getEpochSecond());
		claims.put("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond());
		claims.put("jti", UUID.randomUUID().toString());
		if (confirmation != null) {
			claims.put("cnf", confirmation);
		}
		return claims;
	}

	private void metadata(HttpExchange exchange) throws IOException {
		respond(exchange, 200,
				Map.of("issuer", issuer, "jwks_uri", issuer + "/oauth2/jwks", "introspection_endpoint",
						issuer + "/oauth2/introspect", "mtls_endpoint_aliases",
						Map.of("introspection_endpoint", issuer + "/mtls/oauth2/introspect"),
						"tls_client_certificate_bound_access_tokens", true));
	}

	private void introspect(HttpExchange exchange) throws IOException {
		introspections.incrementAndGet();
		if (!INTROSPECTION_CREDENTIALS.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			respond(exchange, 401, Map.of("error", "invalid_client"));
			return;
		}
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String token = null;
		for (String pair : body.split("&")) {
			if (pair.startsWith("token=")) {
				token = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
			}
		}
		Map<String, Object> claims = token != null ? opaqueTokens.get(token) : null;
		respond(exchange, 200, claims != null ? claims : Map.of("active", false));
	}

	private static void respond(HttpExchange exchange, int status, Map<String, Object> json) {
		try (exchange) {
			byte[] body = JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, body.length);
			exchange.getResponseBody().write(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
