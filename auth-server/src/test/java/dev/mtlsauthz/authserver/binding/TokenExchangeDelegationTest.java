package dev.mtlsauthz.authserver.binding;

import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token exchange for delegation (RFC 8693 section 4.1): the issued token names alice as
 * its subject and the actor in {@code act}, and is bound to the certificate of the
 * exchange request (RFC 8705 section 3).
 */
class TokenExchangeDelegationTest extends AuthServerIntegrationTest {

	private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	@Test
	void delegatedTokenCarriesTheActorAndIsBoundToTheExchangeCertificate() {
		String location = new UserSession(issuer()).authorize(Map.of("response_type", "code", "client_id",
				"secret-client", "redirect_uri", "http://127.0.0.1:9999/callback", "scope", "api.read"));
		String subjectToken = secretClient(TestPki.ephemeral()).formParam("grant_type", "authorization_code")
			.formParam("code", UserSession.parameter(location, "code"))
			.formParam("redirect_uri", "http://127.0.0.1:9999/callback")
			.post(alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
		String actorToken = clientCredentials(secretClient(TestPki.ephemeral()), alias("/oauth2/token")).then()
			.statusCode(200)
			.extract()
			.path("access_token");
		IssuedCertificate certificate = TestPki.ephemeral();

		Response exchanged = secretClient(certificate)
			.formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
			.formParam("subject_token", subjectToken)
			.formParam("subject_token_type", ACCESS_TOKEN_TYPE)
			.formParam("actor_token", actorToken)
			.formParam("actor_token_type", ACCESS_TOKEN_TYPE)
			.post(alias("/oauth2/token"));

		exchanged.then().statusCode(200);
		Map<String, Object> claims = claims(exchanged.path("access_token"));
		assertThat(claims).containsEntry("sub", "alice");
		assertThat(claims.get("act")).extracting(act -> ((Map<?, ?>) act).get("sub")).isEqualTo("secret-client");
		assertThat(cnfThumbprint(claims)).isEqualTo(thumbprint(certificate));
	}

	private static io.restassured.specification.RequestSpecification secretClient(IssuedCertificate certificate) {
		return basic(Tls.client(certificate), "secret-client", "secret-client-secret");
	}

}
