package dev.mtlsauthz.authserver.binding;

import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

/**
 * The authorization server's own userinfo endpoint enforces the binding like any resource
 * (checklist 21).
 */
class UserinfoBindingTest extends AuthServerIntegrationTest {

	@Test
	void boundTokenWithAnotherCertificateIsInvalidToken() {
		String token = boundToken(TestPki.ephemeral());

		Tls.client(TestPki.ephemeral())
			.auth()
			.oauth2(token)
			.get(alias("/userinfo"))
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", allOf(containsString("Bearer"), containsString("error=\"invalid_token\""),
					containsString("different")));
	}

	@Test
	void boundTokenWithoutACertificateIsInvalidToken() {
		String token = boundToken(TestPki.ephemeral());

		Tls.anonymous()
			.auth()
			.oauth2(token)
			.get(main("/userinfo"))
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", allOf(containsString("error=\"invalid_token\""), containsString("no")));
	}

	private static String boundToken(IssuedCertificate certificate) {
		return basic(Tls.client(certificate), "secret-client", "secret-client-secret")
			.formParam("grant_type", "client_credentials")
			.formParam("scope", "openid api.read")
			.post(alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
	}

}
