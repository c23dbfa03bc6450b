package dev.mtlsauthz.authserver.fapi;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.fapi.FapiFixtures.Pkce;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.basic;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.clientCredentials;
import static dev.mtlsauthz.authserver.fapi.FapiFixtures.REDIRECT_URI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code authserver.fapi.profile: fapi2}: every client is under the FAPI 2.0 Security
 * Profile, whatever its registration says, over real TLS with the seeded test clients.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class GlobalFapi2ProfileTest {

	private static final int PORT = AuthServerIntegrationTest.freePort();

	private static final int MTLS_PORT = AuthServerIntegrationTest.freePort();

	private final IssuedCertificate pkiClient = TestPki.issued(TestPki.fromCa("CN=pki-client, O=mtls-authz test"));

	@DynamicPropertySource
	static void fapi2ForEveryClient(DynamicPropertyRegistry registry) {
		AuthServerIntegrationTest.configure(registry, PORT, MTLS_PORT, true,
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		registry.add("authserver.fapi.profile", () -> "fapi2");
	}

	@Test
	void discoveryRequiresPushedAuthorizationRequestsOfEveryClient() {
		Response metadata = Tls.anonymous().get("https://localhost:" + PORT + "/.well-known/openid-configuration");

		assertThat((Boolean) metadata.path("require_pushed_authorization_requests")).isTrue();
		assertThat((Boolean) metadata.path("authorization_response_iss_parameter_supported")).isTrue();
	}

	@Test
	void clientSecretAuthenticationIsInvalidClientForAClientRegisteredBeforeTheProfile() {
		Response refused = clientCredentials(
				basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret"),
				alias("/oauth2/token"));

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat((String) refused.path("error")).isEqualTo("invalid_client");
		assertThat((String) refused.path("error_description")).contains("client_secret_basic");
	}

	@Test
	void publicClientIsInvalidClientBecauseOnlyConfidentialClientsAreAllowed() {
		Response refused = Tls.client(TestPki.ephemeral())
			.formParams(Map.of("client_id", "native-client", "response_type", "code", "redirect_uri", REDIRECT_URI,
					"code_challenge", Pkce.s256().challenge(), "code_challenge_method", "S256"))
			.post(alias("/oauth2/par"));

		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat((String) refused.path("error")).isEqualTo("invalid_client");
	}

	@Test
	void certificateClientPushingWithPkceIsAcceptedAndWithoutIsInvalidRequest() {
		Map<String, String> request = Map.of("client_id", "pki-client", "response_type", "code", "redirect_uri",
				REDIRECT_URI, "scope", "api.read", "code_challenge", Pkce.s256().challenge(), "code_challenge_method",
				"S256");

		Tls.client(pkiClient).formParams(request).post(alias("/oauth2/par")).then().statusCode(201);
		Response refused = Tls.client(pkiClient)
			.formParams(Map.of("client_id", "pki-client", "response_type", "code", "redirect_uri", REDIRECT_URI,
					"scope", "api.read"))
			.post(alias("/oauth2/par"));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat((String) refused.path("error")).isEqualTo("invalid_request");
	}

	@Test
	void authserverProfileIsRefusedAtStartBecauseTheServerWouldIgnoreIt() {
		MockEnvironment environment = new MockEnvironment().withProperty("authserver.profile", "fapi2");

		assertThatIllegalStateException()
			.isThrownBy(() -> new FapiConfiguration().fapi2Profile(
					new FapiProperties(SecurityProfile.NONE, false, java.time.Duration.ofMinutes(2)), environment))
			.withMessageContaining("authserver.fapi.profile");
		assertThat(List.of(SecurityProfile.values())).extracting(SecurityProfile::value)
			.containsExactly("none", "fapi2");
	}

	private static String alias(String path) {
		return "https://localhost:" + MTLS_PORT + path;
	}

}
