package dev.mtlsauthz.authserver.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device authorization grant (RFC 8628) as a person meets it: the device starts at
 * the alias, alice enters the code on the activation page at the issuer and consents, and
 * the device's token request at the alias is bound to its certificate.
 */
class DeviceActivationTest extends AuthServerIntegrationTest {

	private final UserSession session = new UserSession(issuer());

	private final IssuedCertificate device = TestPki.ephemeral();

	/**
	 * A client of its own for each test, so that no consent given in another test is
	 * remembered.
	 */
	private final String clientId = "device-" + UUID.randomUUID();

	@BeforeEach
	void deviceClient() {
		register(Map.of("client_id", clientId, "client_name", "Living-room TV", "client_secret", "tv-secret",
				"token_endpoint_auth_method", "client_secret_basic", "grant_types",
				List.of("urn:ietf:params:oauth:grant-type:device_code"), "scope", "api.read"));
	}

	@Test
	void aliceEntersTheDeviceCodeOnTheActivationPageAndTheDeviceGetsABoundToken() {
		Response authorization = deviceAuthorization();
		assertThat((String) authorization.path("verification_uri")).isEqualTo(issuer() + "/activate");
		String userCode = authorization.path("user_code");
		session.signIn("alice", "alice-password");

		Response activate = session.get("/activate");
		activate.then().statusCode(200);
		assertThat(activate.asString()).contains("<label for=\"user_code\">Code</label>")
			.contains("action=\"/oauth2/device_verification\"");
		Response verification = session.get("/oauth2/device_verification", Map.of("user_code", userCode));
		assertThat(verification.header("Location")).startsWith(issuer() + "/oauth2/consent?");
		Response consentPage = session.open(verification.header("Location"));
		assertThat(consentPage.asString()).contains("Living-room TV")
			.contains("You are connecting a device")
			.contains(userCode);
		Response approved = session.allow(consentPage);

		assertThat(approved.header("Location")).isEqualTo(issuer() + "/activate?success");
		assertThat(session.get("/activate?success").asString()).contains("Device connected");
		Response tokens = deviceToken(authorization.path("device_code"));
		tokens.then().statusCode(200);
		assertThat(claims(tokens.path("access_token"))).containsEntry("sub", "alice");
		assertThat(cnfThumbprint(claims(tokens.path("access_token")))).isEqualTo(thumbprint(device));
	}

	@Test
	void verificationUriCompleteSkipsTypingTheCode() {
		Response authorization = deviceAuthorization();
		String complete = authorization.path("verification_uri_complete");
		session.signIn("alice", "alice-password");

		Response activate = session.open(complete);

		assertThat(activate.header("Location"))
			.isEqualTo(issuer() + "/oauth2/device_verification?user_code=" + authorization.path("user_code"));
	}

	@Test
	void wrongCodeIsExplainedOnTheActivationPage() {
		session.signIn("alice", "alice-password");

		Response verification = session.get("/oauth2/device_verification", Map.of("user_code", "WRON-GCOD"));

		assertThat(verification.header("Location")).isEqualTo(issuer() + "/activate?error");
		assertThat(session.get("/activate?error").asString()).contains("role=\"alert\"")
			.contains("That code is not valid or has expired");
	}

	@Test
	void denyingTheDeviceLeavesItWithoutAToken() {
		Response authorization = deviceAuthorization();
		session.signIn("alice", "alice-password");
		Response verification = session.get("/oauth2/device_verification",
				Map.of("user_code", authorization.path("user_code")));

		Response denied = session.deny(session.open(verification.header("Location")));

		assertThat(denied.header("Location")).isEqualTo(issuer() + "/activate?denied");
		Response tokens = deviceToken(authorization.path("device_code"));
		tokens.then().statusCode(400);
		assertThat((String) tokens.path("error")).isEqualTo("access_denied");
	}

	private Response deviceAuthorization() {
		Response authorization = basic(Tls.client(device), clientId, "tv-secret").formParam("scope", "api.read")
			.post(alias("/oauth2/device_authorization"));
		authorization.then().statusCode(200);
		return authorization;
	}

	private Response deviceToken(String deviceCode) {
		return basic(Tls.client(device), clientId, "tv-secret")
			.formParam("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
			.formParam("device_code", deviceCode)
			.post(alias("/oauth2/token"));
	}

}
