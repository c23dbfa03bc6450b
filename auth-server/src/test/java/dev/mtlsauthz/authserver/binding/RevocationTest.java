package dev.mtlsauthz.authserver.binding;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation (RFC 7009) at the revocation alias: a revoked bound token, reference or JWT,
 * introspects as inactive (RFC 7662 section 2.2), which is how a resource server learns
 * of it.
 */
class RevocationTest extends AuthServerIntegrationTest {

	private final IssuedCertificate certificate = TestPki.ephemeral();

	@Test
	void revokedReferenceTokenIntrospectsAsInactive() {
		String token = clientCredentials(basic(Tls.client(certificate), "opaque-client", "opaque-client-secret"),
				alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
		assertThat(introspect(token).<Boolean>path("active")).isTrue();
		assertThat(introspect(token).<String>path("cnf.'x5t#S256'")).isEqualTo(thumbprint(certificate));

		revoke("opaque-client", "opaque-client-secret", token).then().statusCode(200);

		assertThat(introspect(token).<Boolean>path("active")).isFalse();
	}

	@Test
	void revokedJwtAccessTokenIntrospectsAsInactive() {
		String token = clientCredentials(basic(Tls.client(certificate), "secret-client", "secret-client-secret"),
				alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");

		revoke("secret-client", "secret-client-secret", token).then().statusCode(200);

		assertThat(introspect(token).<Boolean>path("active")).isFalse();
	}

	@Test
	void anotherClientCannotRevokeTheToken() {
		String token = clientCredentials(basic(Tls.client(certificate), "secret-client", "secret-client-secret"),
				alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");

		revoke("opaque-client", "opaque-client-secret", token);

		assertThat(introspect(token).<Boolean>path("active")).isTrue();
	}

	private Response revoke(String clientId, String secret, String token) {
		return basic(Tls.client(certificate), clientId, secret).formParam("token", token)
			.formParam("token_type_hint", "access_token")
			.post(alias("/oauth2/revoke"));
	}

	private static Response introspect(String token) {
		return basic(Tls.anonymous(), "introspector", "introspector-secret").formParam("token", token)
			.post(main("/oauth2/introspect"));
	}

}
