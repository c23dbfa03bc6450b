package dev.mtlsauthz.authserver.binding;

import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A token is bound to one proof-of-possession key: a DPoP key (RFC 9449 section 6,
 * {@code cnf.jkt}) or a client certificate (RFC 8705 section 3, {@code cnf.x5t#S256}),
 * never to both (checklist 17).
 */
class DPoPBindingTest extends AuthServerIntegrationTest {

	@Test
	void dPoPProofWithoutACertificateBindsTheTokenToTheDPoPKey() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).generate();
		String tokenEndpoint = main("/oauth2/token");

		Response response = clientCredentials(basic(Tls.anonymous(), "secret-client", "secret-client-secret")
			.header("DPoP", proof(key, tokenEndpoint)), tokenEndpoint);

		response.then().statusCode(200).body("token_type", equalTo("DPoP"));
		String token = response.path("access_token");
		String jkt = key.computeThumbprint().toString();
		assertThat(claims(token)).containsEntry("cnf", Map.of("jkt", jkt));
		// Stored with the authorization and read back, as introspection reads it.
		basic(Tls.anonymous(), "introspector", "introspector-secret").formParam("token", token)
			.post(main("/oauth2/introspect"))
			.then()
			.statusCode(200)
			.body("active", equalTo(true))
			.body("cnf.jkt", equalTo(jkt));
	}

	@Test
	void dPoPProofWithACertificateThatWouldAlsoBindIsInvalidRequest() throws Exception {
		String tokenEndpoint = alias("/oauth2/token");

		clientCredentials(basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret").header("DPoP",
				proof(new ECKeyGenerator(Curve.P_256).generate(), tokenEndpoint)), tokenEndpoint)
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_request"))
			.body("error_description", containsString("either to a DPoP key or to a client certificate"));
	}

	/** A DPoP proof for a POST to {@code url} (RFC 9449 section 4.2). */
	private static String proof(ECKey key, String url) throws Exception {
		SignedJWT proof = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
					.jwk(key.toPublicJWK())
					.build(),
				new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
					.claim("htm", "POST")
					.claim("htu", url)
					.issueTime(new Date())
					.build());
		proof.sign(new ECDSASigner(key));
		return proof.serialize();
	}

}
