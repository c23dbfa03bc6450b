package dev.mtlsauthz.authserver.fapi;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWT introspection responses (RFC 9701) over real TLS, verified with the server's
 * published JWK Set; the plain JSON response for resource servers that do not ask.
 */
class JwtIntrospectionResponsesTest extends AuthServerIntegrationTest {

	private static final JOSEObjectType TYPE = new JOSEObjectType("token-introspection+jwt");

	@Test
	void resourceServerAskingForAJwtGetsTheIntrospectionSignedForIt() throws Exception {
		String token = clientCredentials(basic(Tls.anonymous(), "secret-client", "secret-client-secret"),
				main("/oauth2/token"))
			.path("access_token");

		Response response = introspect(token, "application/token-introspection+jwt");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/token-introspection+jwt");
		JWTClaimsSet claims = FapiFixtures.verifiedByTheServer(issuer(), response.asString(), TYPE);
		assertThat(claims.getIssuer()).isEqualTo(issuer());
		assertThat(claims.getAudience()).containsExactly("introspector");
		assertThat(claims.getIssueTime()).isNotNull();
		Map<String, Object> introspection = claims.getJSONObjectClaim("token_introspection");
		assertThat(introspection).containsEntry("active", true).containsEntry("client_id", "secret-client");
		assertThat(introspection.get("exp")).isInstanceOf(Number.class);
	}

	@Test
	void inactiveTokenIsOnlyActiveFalseInTheJwt() throws Exception {
		Response response = introspect("not-a-token", "application/token-introspection+jwt");

		JWTClaimsSet claims = FapiFixtures.verifiedByTheServer(issuer(), response.asString(), TYPE);
		assertThat(claims.getJSONObjectClaim("token_introspection")).isEqualTo(Map.of("active", false));
	}

	@Test
	void resourceServerNotAskingForAJwtGetsJson() {
		String token = clientCredentials(basic(Tls.anonymous(), "secret-client", "secret-client-secret"),
				main("/oauth2/token"))
			.path("access_token");

		Response response = introspect(token, "application/json");

		assertThat(response.contentType()).startsWith("application/json");
		assertThat((Boolean) response.path("active")).isTrue();
	}

	@Test
	void discoveryAdvertisesTheAlgorithmThatSignsIntrospectionResponses() throws Exception {
		Response response = introspect("not-a-token", "application/token-introspection+jwt");

		List<String> advertised = Tls.anonymous()
			.get(main("/.well-known/oauth-authorization-server"))
			.path("introspection_signing_alg_values_supported");
		assertThat(advertised)
			.containsExactly(SignedJWT.parse(response.asString()).getHeader().getAlgorithm().getName());
	}

	private static Response introspect(String token, String accept) {
		return basic(Tls.anonymous(), "introspector", "introspector-secret").header("Accept", accept)
			.formParam("token", token)
			.post(main("/oauth2/introspect"));
	}

}
