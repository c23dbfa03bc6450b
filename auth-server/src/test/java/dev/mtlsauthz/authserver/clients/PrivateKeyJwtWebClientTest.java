package dev.mtlsauthz.authserver.clients;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A confidential web client that authenticates with {@code private_key_jwt} (RFC 7523
 * section 2.2) runs the authorization code flow and, redeeming the code at the token
 * alias, gets a token bound to the certificate of that connection (always-emit).
 */
class PrivateKeyJwtWebClientTest extends AuthServerIntegrationTest {

	private static final String CLIENT_ID = "private-key-jwt-web-client";

	private static final String REDIRECT_URI = "https://web.example.com/callback";

	@Test
	void authorizationCodeRedeemedWithAPrivateKeyJwtIsBoundToTheConnectionsCertificate() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("web-1").generate();
		register(Map.of("client_id", CLIENT_ID, "token_endpoint_auth_method", "private_key_jwt", "jwks",
				new JWKSet(key.toPublicJWK()).toJSONObject(), "grant_types", List.of("authorization_code"),
				"redirect_uris", List.of(REDIRECT_URI), "scope", "openid api.read"));
		String location = new UserSession(issuer()).authorize(Map.of("response_type", "code", "client_id", CLIENT_ID,
				"redirect_uri", REDIRECT_URI, "scope", "openid api.read", "state", "s"));
		IssuedCertificate certificate = TestPki.ephemeral();

		Response tokens = Tls.client(certificate)
			.formParam("grant_type", "authorization_code")
			.formParam("code", UserSession.parameter(location, "code"))
			.formParam("redirect_uri", REDIRECT_URI)
			.formParam("client_id", CLIENT_ID)
			.formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
			.formParam("client_assertion", assertion(key, alias("/oauth2/token")))
			.post(alias("/oauth2/token"));

		tokens.then().statusCode(200);
		assertThat(claims(tokens.path("access_token"))).containsEntry("sub", "alice");
		assertThat(cnfThumbprint(claims(tokens.path("access_token")))).isEqualTo(thumbprint(certificate));
		assertThat(claims(tokens.path("id_token"))).containsEntry("aud", CLIENT_ID);
	}

	private static String assertion(RSAKey key, String audience) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().issuer(CLIENT_ID)
					.subject(CLIENT_ID)
					.audience(audience)
					.jwtID(UUID.randomUUID().toString())
					.issueTime(new Date())
					.expirationTime(new Date(System.currentTimeMillis() + 60_000))
					.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

}
