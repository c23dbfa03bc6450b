package dev.mtlsauthz.authserver.clients;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.authserver.fetch.HttpsTestServer;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.clients.Registrar.initialAccessToken;
import static dev.mtlsauthz.authserver.clients.Registrar.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a registering client cannot do (RFC 7591, RFC 7592): choose a server-only setting
 * such as its token lifetime, or send fields, arrays or bodies larger than the server
 * stores. Each is {@code 400 invalid_client_metadata} naming the field, at registration
 * and at update alike, and no response carries an exception's message (SQL, class names,
 * parser text).
 */
class RegistrationLimitsTest extends AuthServerIntegrationTest {

	private static final String REGISTRATION = "/oauth2/register";

	private static final Map<String, Object> SERVICE = Map.of("client_name", "Limits service", "grant_types",
			List.of("client_credentials"), "scope", "api.read");

	@BeforeEach
	void registrar() {
		register(UserSession.seededClient("demo-registrar"));
	}

	@Test
	void serverOnlySettingsAreRefusedAtRegistrationAndAtUpdate() {
		Map<String, Object> registered = registered(SERVICE);
		for (Map.Entry<String, Object> field : Map
			.<String, Object>of("access_token_ttl", 315360000L, "access_token_format", "reference", "require_pkce",
					false, "introspection_allowed", true, "enabled", true)
			.entrySet()) {
			Map<String, Object> metadata = with(SERVICE, field.getKey(), field.getValue());
			assertInvalidClientMetadata(registerDynamically(metadata), field.getKey());
			assertInvalidClientMetadata(update(registered, metadata), field.getKey());
		}
	}

	@Test
	void aJwksUriAtTheServersOwnNetworkIsRefusedAtRegistrationAndAtUpdate() {
		Map<String, Object> registered = registered(SERVICE);
		Map<String, Object> privateKeyJwt = with(SERVICE, "token_endpoint_auth_method", "private_key_jwt");
		for (String jwksUri : List.of("https://127.0.0.1:" + PORT + "/oauth2/jwks", "https://localhost/jwks",
				"https://[::1]/jwks", "https://169.254.169.254/latest/meta-data/", "https://10.1.2.3/jwks",
				"https://192.168.0.10/jwks", "https://[fd12::1]/jwks", "http://jwks.example.com/jwks")) {
			Map<String, Object> metadata = with(privateKeyJwt, "jwks_uri", jwksUri);
			assertInvalidClientMetadata(registerDynamically(metadata), "jwks_uri");
			assertInvalidClientMetadata(update(registered, metadata), "jwks_uri");
		}
	}

	@Test
	void aJwksUriOnAnAllowedNetworkIsFetchedForPrivateKeyJwt() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("fetched").generate();
		try (HttpsTestServer jwks = new HttpsTestServer()) {
			jwks.publish(new JWKSet(key.toPublicJWK()).toString());
			Map<String, Object> registered = registered(with(
					with(SERVICE, "token_endpoint_auth_method", "private_key_jwt"), "jwks_uri", jwks.url("/jwks")));
			String clientId = (String) registered.get("client_id");
			com.nimbusds.jwt.SignedJWT assertion = new com.nimbusds.jwt.SignedJWT(
					new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256).keyID("fetched")
						.build(),
					new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(clientId)
						.subject(clientId)
						.audience(issuer())
						.jwtID(java.util.UUID.randomUUID().toString())
						.expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000))
						.build());
			assertion.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));

			clientCredentials(Tls.anonymous()
				.formParam("client_id", clientId)
				.formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
				.formParam("client_assertion", assertion.serialize()), main("/oauth2/token")).then().statusCode(200);
			assertThat(jwks.fetches()).isEqualTo(1);
		}
	}

	@Test
	void aLifetimeThatWouldOverflowIsRefusedAndNeverReachesTokenIssuance() {
		assertInvalidClientMetadata(registerDynamically(with(SERVICE, "access_token_ttl", Long.MAX_VALUE)),
				"access_token_ttl");

		// A registration stored before the limits existed is cut to the server's maximum
		// (authserver.token-lifetimes.max-access-token, 1h by default) when read.
		clients.save(RegisteredClient.from(clients.findByClientId("secret-client"))
			.id("overlong-lifetime")
			.clientId("overlong-lifetime")
			.clientSecret(passwordEncoder.encode("overlong-secret"))
			.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofSeconds(Long.MAX_VALUE)).build())
			.build());
		Response token = clientCredentials(basic(Tls.anonymous(), "overlong-lifetime", "overlong-secret"),
				main("/oauth2/token"));

		token.then().statusCode(200);
		assertThat(token.<Integer>path("expires_in")).isBetween(3590, 3600);
		Map<String, Object> claims = claims(token.path("access_token"));
		assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue())
			.isEqualTo(Duration.ofHours(1).toSeconds());
	}

	@Test
	void oversizedFieldsAreInvalidClientMetadataNamingTheField() throws Exception {
		assertInvalidClientMetadata(registerDynamically(with(SERVICE, "client_name", "n".repeat(10_000))),
				"client_name");
		assertInvalidClientMetadata(registerDynamically(with(SERVICE, "client_name", "n".repeat(201))), "client_name");
		assertInvalidClientMetadata(registerDynamically(with(SERVICE, "scope", "api.read ".repeat(200))), "scope");
		assertInvalidClientMetadata(
				registerDynamically(with(SERVICE, "client_uri", "https://" + "a".repeat(3000) + ".example")),
				"client_uri");
		List<String> elevenRedirects = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			elevenRedirects.add("https://app.example.com/cb" + i);
		}
		assertInvalidRedirectUri(registerDynamically(web(elevenRedirects)));
		assertInvalidRedirectUri(registerDynamically(web(List.of("https://app.example.com/" + "p".repeat(2100)))));
		assertInvalidRedirectUri(registerDynamically(web(List.of("https://a.example.com/" + "p".repeat(1900),
				"https://b.example.com/" + "p".repeat(1900), "https://c.example.com/" + "p".repeat(1900)))));

		List<JWK> keys = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			keys.add(new RSAKeyGenerator(2048).keyID("k" + i).generate().toPublicJWK());
		}
		Map<String, Object> selfSigned = with(SERVICE, "token_endpoint_auth_method", "private_key_jwt");
		assertInvalidClientMetadata(registerDynamically(with(selfSigned, "jwks", new JWKSet(keys).toJSONObject())),
				"jwks");
	}

	@Test
	void aBodyLargerThanTheLimitIsRefusedBeforeItIsParsed() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("big").generate();
		Map<String, Object> jwk = new HashMap<>(key.toPublicJWK().toJSONObject());
		jwk.put("padding", "x".repeat(1_200_000));
		Map<String, Object> oversized = with(with(SERVICE, "token_endpoint_auth_method", "private_key_jwt"), "jwks",
				Map.of("keys", List.of(jwk)));

		assertInvalidClientMetadata(registerDynamically(oversized), "larger than 65536 bytes");
		assertInvalidClientMetadata(update(registered(SERVICE), oversized), "larger than 65536 bytes");
	}

	@Test
	void anOversizedNameThroughRfc7592UpdateIsInvalidClientMetadataAndChangesNothing() {
		Map<String, Object> registered = registered(SERVICE);

		assertInvalidClientMetadata(update(registered, with(SERVICE, "client_name", "n".repeat(10_000))),
				"client_name");
		assertThat(clients.findByClientId((String) registered.get("client_id")).getClientName())
			.isEqualTo("Limits service");
	}

	@Test
	void aBodyThatIsNoJsonObjectIsInvalidRequestWithoutTheParsersWords() {
		String token = initialAccessToken(null, main("/oauth2/token"));
		for (String body : List.of("{\"client_name\":", "[1,2]", "{\"redirect_uris\":{\"a\":1}}")) {
			Response response = Tls.anonymous()
				.auth()
				.oauth2(token)
				.contentType(ContentType.JSON)
				.body(body)
				.post(main(REGISTRATION));
			response.then().statusCode(400);
			assertThat((String) response.path("error")).as(body)
				.isIn("invalid_request", "invalid_client_metadata", "invalid_redirect_uri");
			assertNoInternals(response);
		}
		Map<String, Object> registered = registered(SERVICE);
		Response update = Tls.anonymous()
			.auth()
			.oauth2((String) registered.get("registration_access_token"))
			.contentType(ContentType.JSON)
			.body("{\"client_name\":")
			.put((String) registered.get("registration_client_uri"));
		update.then().statusCode(400);
		assertThat((String) update.path("error")).isEqualTo("invalid_request");
		assertNoInternals(update);
	}

	private static Map<String, Object> web(List<String> redirectUris) {
		return Map.of("client_name", "Web", "redirect_uris", redirectUris, "grant_types", List.of("authorization_code"),
				"scope", "openid");
	}

	private static Response registerDynamically(Map<String, Object> metadata) {
		return registration(Tls.anonymous(), initialAccessToken(null, main("/oauth2/token")), metadata)
			.post(main(REGISTRATION));
	}

	private static Map<String, Object> registered(Map<String, Object> metadata) {
		return registerDynamically(metadata).then().statusCode(201).extract().jsonPath().getMap("");
	}

	private static Response update(Map<String, Object> registered, Map<String, Object> metadata) {
		Map<String, Object> body = with(metadata, "client_id", registered.get("client_id"));
		return Tls.anonymous()
			.auth()
			.oauth2((String) registered.get("registration_access_token"))
			.contentType(ContentType.JSON)
			.body(body)
			.put((String) registered.get("registration_client_uri"));
	}

	private static void assertInvalidClientMetadata(Response response, String field) {
		response.then().statusCode(400);
		assertThat((String) response.path("error")).isEqualTo("invalid_client_metadata");
		assertThat((String) response.path("error_description")).contains(field);
		assertNoInternals(response);
	}

	private static void assertInvalidRedirectUri(Response response) {
		response.then().statusCode(400);
		assertThat((String) response.path("error")).isEqualTo("invalid_redirect_uri");
		assertThat((String) response.path("error_description")).contains("redirect_uris");
		assertNoInternals(response);
	}

	private static void assertNoInternals(Response response) {
		assertThat(response.asString()).doesNotContain("SQL", "@class", "java.", "Exception", "PreparedStatement",
				"tools.jackson", "Unexpected", "line:", "column:");
	}

	private static Map<String, Object> with(Map<String, Object> metadata, String name, Object value) {
		Map<String, Object> copy = new HashMap<>(metadata);
		copy.put(name, value);
		return copy;
	}

}
