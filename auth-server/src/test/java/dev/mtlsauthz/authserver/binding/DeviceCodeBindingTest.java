package dev.mtlsauthz.authserver.binding;

import java.util.Map;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device authorization grant (RFC 8628) through the mTLS aliases, with the user
 * approving at the issuer: the access token is bound to the certificate of the device's
 * token request (RFC 8705 section 3; checklist 14).
 */
class DeviceCodeBindingTest extends AuthServerIntegrationTest {

	private static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

	@Test
	void deviceCodeTokenBoundToTheCertificatePresentedAtTheAlias() {
		IssuedCertificate certificate = TestPki.ephemeral();
		Response authorization = device(certificate).formParam("scope", "api.read")
			.post(alias("/oauth2/device_authorization"));
		authorization.then().statusCode(200);
		String deviceCode = authorization.path("device_code");
		String userCode = authorization.path("user_code");

		Response pending = deviceToken(certificate, deviceCode);
		pending.then().statusCode(400);
		assertThat((String) pending.path("error")).isEqualTo("authorization_pending");

		approve(userCode);
		Response tokens = deviceToken(certificate, deviceCode);

		tokens.then().statusCode(200);
		Map<String, Object> claims = claims(tokens.path("access_token"));
		assertThat(claims.get("sub")).isEqualTo("alice");
		assertThat(cnfThumbprint(claims)).isEqualTo(thumbprint(certificate));
	}

	/**
	 * Alice logs in at the issuer, enters the user code (RFC 8628 section 3.3) and
	 * consents to the scope.
	 */
	private static void approve(String userCode) {
		UserAgent browser = new UserAgent(issuer());
		browser.logIn("alice", "alice-password");
		// The verification endpoint hands over to the server's own consent page.
		Response consentPage = browser
			.follow(browser.get("/oauth2/device_verification", Map.of("user_code", userCode)));
		assertThat(consentPage.statusCode()).as("consent page").isEqualTo(200);

		Response consent = browser.post("/oauth2/device_verification", Map.of("client_id", "secret-client", "state",
				UserAgent.hiddenInput(consentPage.asString(), "state"), "user_code", userCode, "scope", "api.read"));

		assertThat(consent.statusCode()).isEqualTo(302);
		assertThat(consent.header("Location")).as("device verification success").endsWith("?success");
	}

	private static Response deviceToken(IssuedCertificate certificate, String deviceCode) {
		return device(certificate).formParam("grant_type", DEVICE_CODE)
			.formParam("device_code", deviceCode)
			.post(alias("/oauth2/token"));
	}

	private static RequestSpecification device(IssuedCertificate certificate) {
		return basic(Tls.client(certificate), "secret-client", "secret-client-secret");
	}

}
