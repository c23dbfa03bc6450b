package dev.mtlsauthz.authserver.clients;

import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.Tls;

/**
 * What an administrator does before a dynamic registration, with the seeded
 * {@code demo-registrar}.
 */
final class Registrar {

	private Registrar() {
	}

	/**
	 * An initial access token: client credentials with scope client.create (RFC 7591
	 * section 3).
	 */
	static String initialAccessToken(IssuedCertificate certificate, String tokenEndpoint) {
		return AuthServerIntegrationTest.basic(Tls.client(certificate), "demo-registrar", "demo-registrar-secret")
			.formParam("grant_type", "client_credentials")
			.formParam("scope", "client.create")
			.post(tokenEndpoint)
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
	}

	static RequestSpecification registration(RequestSpecification request, String initialAccessToken,
			Map<String, Object> metadata) {
		return request.auth().oauth2(initialAccessToken).contentType(ContentType.JSON).body(metadata);
	}

}
