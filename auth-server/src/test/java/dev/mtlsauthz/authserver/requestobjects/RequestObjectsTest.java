package dev.mtlsauthz.authserver.requestobjects;

import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.authserver.fapi.FapiFixtures;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.fapi.FapiFixtures.REDIRECT_URI;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed request objects (RFC 9101) by value at the authorization endpoint and at the PAR
 * endpoint, over real TLS, verified with the client's registered {@code jwks}.
 */
class RequestObjectsTest extends AuthServerIntegrationTest {

	private static final String CLIENT = "ro-client";

	private static final JOSEObjectType TYPE = new JOSEObjectType("oauth-authz-req+jwt");

	private static final JWK RSA = key(
			() -> new RSAKeyGenerator(2048).keyID("rsa").algorithm(JWSAlgorithm.RS256).generate());

	private static final JWK PS = key(
			() -> new RSAKeyGenerator(2048).keyID("ps").algorithm(JWSAlgorithm.PS256).generate());

	private static final JWK EC = key(
			() -> new ECKeyGenerator(Curve.P_256).keyID("ec").algorithm(JWSAlgorithm.ES256).generate());

	private static final JWK ED = key(
			() -> new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed").algorithm(JWSAlgorithm.EdDSA).generate());

	@BeforeEach
	void registerClients() {
		for (String clientId : List.of(CLIENT, "ro-ps-client")) {
			Map<String, Object> metadata = new java.util.HashMap<>(Map.of("client_id", clientId, "client_secret",
					"ro-secret", "token_endpoint_auth_method", "client_secret_basic", "jwks",
					FapiFixtures.jwks(RSA, PS, EC, ED), "redirect_uris", List.of(REDIRECT_URI), "scope", "api.read"));
			if (clientId.equals("ro-ps-client")) {
				metadata.put("request_object_signing_alg", "PS256");
			}
			register(metadata);
		}
	}

	@Test
	void requestObjectByValueAtTheAuthorizationEndpointIsTheOnlySourceOfParameters() {
		UserSession session = new UserSession(issuer());
		session.signIn("alice", "alice-password");

		Response response = session.get("/oauth2/authorize", Map.of("client_id", CLIENT, "request",
				FapiFixtures.signed(RSA, TYPE, claims().build()), "state", "outside-state", "scope", "openid"));

		assertThat(response.statusCode()).as(response.asString()).isEqualTo(302);
		String location = response.header("Location");
		assertThat(UserSession.parameter(location, "code")).isNotBlank();
		assertThat(UserSession.parameter(location, "state")).isEqualTo("inside-state");
		assertThat(UserSession.parameter(location, "iss")).isEqualTo(issuer());
	}

	@Test
	void requestObjectPushedToTheParEndpointIsHonouredThroughItsRequestUri() {
		Response pushed = pushed(CLIENT, FapiFixtures.signed(RSA, TYPE, claims().build()));
		pushed.then().statusCode(201);

		String location = new UserSession(issuer())
			.authorize(Map.of("client_id", CLIENT, "request_uri", pushed.path("request_uri")));

		assertThat(UserSession.parameter(location, "code")).isNotBlank();
		assertThat(UserSession.parameter(location, "state")).isEqualTo("inside-state");
	}

	@Test
	void everyAdvertisedAlgorithmOfAClientKeyVerifiesAndNoOtherIsAdvertised() {
		List<String> advertised = Tls.anonymous()
			.get(main("/.well-known/openid-configuration"))
			.path("request_object_signing_alg_values_supported");

		for (JWK key : List.of(RSA, PS, EC)) {
			assertThat(advertised).contains(key.getAlgorithm().getName());
			Response pushed = pushed(CLIENT, FapiFixtures.signed(key, TYPE, claims().build()));
			assertThat(pushed.statusCode()).as(key.getAlgorithm() + ": " + pushed.asString()).isEqualTo(201);
		}
		assertThat(advertised).doesNotContain("none", "HS256", ED.getAlgorithm().getName());
		assertInvalidRequestObject(pushed(CLIENT, FapiFixtures.signed(ED, TYPE, claims().build())));
	}

	@Test
	void requestObjectForAnotherAudienceIsInvalidRequestObject() {
		assertInvalidRequestObject(
				pushed(CLIENT, FapiFixtures.signed(RSA, TYPE, claims().audience("https://other.example.com").build())));
	}

	@Test
	void expiredRequestObjectIsInvalidRequestObject() {
		assertInvalidRequestObject(pushed(CLIENT, FapiFixtures.signed(RSA, TYPE,
				claims().expirationTime(new Date(System.currentTimeMillis() - 120_000)).build())));
	}

	@Test
	void requestObjectWithoutExpIsInvalidRequestObject() {
		assertInvalidRequestObject(
				pushed(CLIENT, FapiFixtures.signed(RSA, TYPE, claims().expirationTime(null).build())));
	}

	@Test
	void unsignedRequestObjectWithAlgNoneIsInvalidRequestObject() {
		assertInvalidRequestObject(pushed(CLIENT, new PlainJWT(claims().build()).serialize()));
	}

	@Test
	void requestObjectSignedWithAKeyTheClientDidNotRegisterIsInvalidRequestObject() {
		JWK impostor = key(() -> new RSAKeyGenerator(2048).keyID("rsa").algorithm(JWSAlgorithm.RS256).generate());

		assertInvalidRequestObject(pushed(CLIENT, FapiFixtures.signed(impostor, TYPE, claims().build())));
	}

	@Test
	void requestObjectIssuedByAnotherClientIsInvalidRequestObject() {
		assertInvalidRequestObject(
				pushed(CLIENT, FapiFixtures.signed(RSA, TYPE, claims().issuer("someone-else").build())));
	}

	@Test
	void requestObjectWithAnotherAlgorithmThanTheRegisteredOneIsInvalidRequestObject() {
		assertInvalidRequestObject(pushed("ro-ps-client", FapiFixtures.signed(RSA, TYPE,
				claims().issuer("ro-ps-client").claim("client_id", "ro-ps-client").build())));
		pushed("ro-ps-client",
				FapiFixtures.signed(PS, TYPE,
						claims().issuer("ro-ps-client").claim("client_id", "ro-ps-client").build()))
			.then()
			.statusCode(201);
	}

	@Test
	void invalidRequestObjectAtTheAuthorizationEndpointIsExplainedOnTheErrorPageNotSentToTheRedirectUri() {
		UserSession session = new UserSession(issuer());
		session.signIn("alice", "alice-password");

		Response response = session.get("/oauth2/authorize", Map.of("client_id", CLIENT, "request",
				FapiFixtures.signed(RSA, TYPE, claims().audience("https://other.example.com").build())));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.header("Location")).isNull();
		assertThat(response.asString()).contains("invalid_request_object");
	}

	private static JWTClaimsSet.Builder claims() {
		long now = System.currentTimeMillis();
		return new JWTClaimsSet.Builder().issuer(CLIENT)
			.audience(issuer())
			.issueTime(new Date(now))
			.notBeforeTime(new Date(now))
			.expirationTime(new Date(now + 300_000))
			.claim("client_id", CLIENT)
			.claim("response_type", "code")
			.claim("redirect_uri", REDIRECT_URI)
			.claim("scope", "api.read")
			.claim("state", "inside-state");
	}

	private static Response pushed(String clientId, String requestObject) {
		return basic(Tls.anonymous(), clientId, "ro-secret").formParam("client_id", clientId)
			.formParam("request", requestObject)
			.post(main("/oauth2/par"));
	}

	private static void assertInvalidRequestObject(Response response) {
		assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
		assertThat((String) response.path("error")).isEqualTo("invalid_request_object");
		assertThat((String) response.path("error_description")).isNotBlank().doesNotContain("Exception");
	}

	private static JWK key(KeySupplier supplier) {
		try {
			return supplier.get();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private interface KeySupplier {

		JWK get() throws JOSEException;

	}

}
