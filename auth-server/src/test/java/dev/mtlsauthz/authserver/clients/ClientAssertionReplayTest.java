package dev.mtlsauthz.authserver.clients;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client assertion ({@code private_key_jwt}, {@code client_secret_jwt}, RFC 7523) works
 * once: its {@code jti} is remembered in the database until it expires, so a replay is
 * {@code invalid_client} at this instance and at any other sharing the database; an
 * assertion without {@code jti}, or one that lives longer than
 * {@code authserver.client-authentication.max-assertion-lifetime} (5 minutes by default),
 * is refused too.
 */
class ClientAssertionReplayTest extends AuthServerIntegrationTest {

	private static final String CLIENT_ID = "replay-private-key-jwt-client";

	private static RSAKey key;

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void client() throws Exception {
		if (key == null) {
			key = new RSAKeyGenerator(2048).keyID("replay-1").generate();
		}
		register(Map.of("client_id", CLIENT_ID, "token_endpoint_auth_method", "private_key_jwt", "jwks",
				new JWKSet(key.toPublicJWK()).toJSONObject(), "grant_types", List.of("client_credentials"), "scope",
				"api.read"));
	}

	@Test
	void aPrivateKeyJwtAssertionWorksOnceAndItsReplayIsInvalidClient() throws Exception {
		String assertion = privateKeyJwt(UUID.randomUUID().toString(), Instant.now(), Duration.ofMinutes(1));

		tokenRequest(CLIENT_ID, assertion).then().statusCode(200);
		assertInvalidClient(tokenRequest(CLIENT_ID, assertion), "already used");
		assertInvalidClient(clientCredentials(assertionRequest(Tls.client(TestPki.ephemeral()), CLIENT_ID, assertion),
				alias("/oauth2/token")), "already used");
	}

	@Test
	void aClientSecretJwtAssertionWorksOnceToo() throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
				claims("jwt-secret-client", UUID.randomUUID().toString(), Instant.now(), Duration.ofMinutes(1)));
		jwt.sign(new MACSigner("a-shared-secret-that-is-long-enough-for-hmac-sha256"));

		tokenRequest("jwt-secret-client", jwt.serialize()).then().statusCode(200);
		assertInvalidClient(tokenRequest("jwt-secret-client", jwt.serialize()), "already used");
	}

	@Test
	void anAssertionWithoutJtiIsInvalidClient() throws Exception {
		assertInvalidClient(tokenRequest(CLIENT_ID, privateKeyJwt(null, Instant.now(), Duration.ofMinutes(1))),
				"no jti");
	}

	@Test
	void anAssertionValidForAYearIsInvalidClient() throws Exception {
		assertInvalidClient(
				tokenRequest(CLIENT_ID,
						privateKeyJwt(UUID.randomUUID().toString(), Instant.now(), Duration.ofDays(365))),
				"longer than 300 seconds");
		// Without iat, the expiry alone is checked against now.
		assertInvalidClient(
				tokenRequest(CLIENT_ID, privateKeyJwt(UUID.randomUUID().toString(), null, Duration.ofDays(365))),
				"more than 300 seconds from now");
	}

	@Test
	void anotherInstanceSharingTheDatabaseRefusesAnAssertionThisOneAccepted() throws Exception {
		String jti = UUID.randomUUID().toString();
		tokenRequest(CLIENT_ID, privateKeyJwt(jti, Instant.now(), Duration.ofMinutes(1))).then().statusCode(200);

		UsedClientAssertions otherInstance = new UsedClientAssertions(jdbc, Clock.systemUTC());

		assertThat(otherInstance.firstUse(CLIENT_ID, jti, Instant.now().plusSeconds(60))).isFalse();
		assertThat(otherInstance.firstUse(CLIENT_ID, UUID.randomUUID().toString(), Instant.now().plusSeconds(60)))
			.isTrue();
	}

	@Test
	void expiredAssertionsAreForgotten() {
		String jti = UUID.randomUUID().toString();
		UsedClientAssertions usedAssertions = new UsedClientAssertions(jdbc, Clock.systemUTC());
		assertThat(usedAssertions.firstUse("purge-client", jti, Instant.now().minusSeconds(1))).isTrue();

		usedAssertions.purge();

		assertThat(jdbc.queryForObject(
				"SELECT COUNT(*) FROM client_assertion_jti WHERE client_id = 'purge-client' AND expires_at < ?",
				Integer.class, Timestamp.from(Instant.now())))
			.isZero();
		assertThat(usedAssertions.firstUse("purge-client", jti, Instant.now().plusSeconds(60))).isTrue();
	}

	private static Response tokenRequest(String clientId, String assertion) {
		return clientCredentials(assertionRequest(Tls.anonymous(), clientId, assertion), main("/oauth2/token"));
	}

	private static io.restassured.specification.RequestSpecification assertionRequest(
			io.restassured.specification.RequestSpecification request, String clientId, String assertion) {
		return request.formParam("client_id", clientId)
			.formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
			.formParam("client_assertion", assertion);
	}

	private static String privateKeyJwt(String jti, Instant issuedAt, Duration lifetime) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				claims(CLIENT_ID, jti, issuedAt, lifetime));
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	private static JWTClaimsSet claims(String clientId, String jti, Instant issuedAt, Duration lifetime) {
		return new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(issuer())
			.jwtID(jti)
			.issueTime(issuedAt != null ? Date.from(issuedAt) : null)
			.expirationTime(Date.from(Instant.now().plus(lifetime)))
			.build();
	}

	private static void assertInvalidClient(Response response, String descriptionPart) {
		assertThat(response.statusCode()).as(response.asString()).isEqualTo(401);
		assertThat((String) response.path("error")).isEqualTo("invalid_client");
		assertThat((String) response.path("error_description")).contains(descriptionPart);
	}

}
