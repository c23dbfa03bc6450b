package dev.mtlsauthz.authserver.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.mtlsauthz.authserver.AuthServerApplication;
import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.audit.AuditEvents;
import dev.mtlsauthz.authserver.clients.ClientMetadata;
import dev.mtlsauthz.authserver.clients.EnabledClientsRepository;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotation and retirement through the admin API change the key set and are recorded. On a
 * server of its own: a next key in the shared test server would change what the other
 * tests sign with.
 */
class AdminKeysRotationTest {

	private static final String SUBJECT = "CN=admin-keys-test, O=mtls-authz test";

	private final IssuedCertificate certificate = TestPki.issued(TestPki.fromCa(SUBJECT));

	private final int port = AuthServerIntegrationTest.freePort();

	private final int mtlsPort = AuthServerIntegrationTest.freePort();

	private ConfigurableApplicationContext server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void rotationPublishesANextKeyAndIsRecorded() {
		server = start();
		String token = adminToken();

		List<String> before = operator(token).get(url("/admin/api/keys"))
			.then()
			.statusCode(200)
			.extract()
			.path("keys.state");
		List<String> after = operator(token).post(url("/admin/api/keys/rotate"))
			.then()
			.statusCode(200)
			.extract()
			.path("keys.state");

		assertThat(before).containsExactly("active");
		assertThat(after).containsExactlyInAnyOrder("active", "next");
		List<String> actions = operator(token).queryParam("type", AuditEvents.ADMIN_CHANGE)
			.get(url("/admin/api/events"))
			.then()
			.statusCode(200)
			.extract()
			.path("events.data.action");
		assertThat(actions).containsExactly("keys.rotate");
	}

	/**
	 * Retiring the active key (as for a key suspected of compromise) makes the next key
	 * sign at once; the retired key stays published; an unknown key is a 404.
	 */
	@Test
	void retiringTheActiveKeyMakesTheNextSignNowAndIsRecorded() throws Exception {
		server = start();
		String token = adminToken();
		String retired = SignedJWT.parse(token).getHeader().getKeyID();
		List<Map<String, String>> rotated = operator(token).post(url("/admin/api/keys/rotate"))
			.then()
			.statusCode(200)
			.extract()
			.path("keys");
		String next = rotated.stream()
			.filter(key -> key.get("state").equals("next"))
			.map(key -> key.get("kid"))
			.findFirst()
			.orElseThrow();

		List<Map<String, String>> after = operator(token).post(url("/admin/api/keys/" + retired + "/retire"))
			.then()
			.statusCode(200)
			.extract()
			.path("keys");

		assertThat(after).extracting(key -> key.get("kid") + " " + key.get("state"))
			.containsExactlyInAnyOrder(retired + " retired", next + " active");
		String signedByNext = adminToken();
		assertThat(SignedJWT.parse(signedByNext).getHeader().getKeyID()).isEqualTo(next);
		assertThat(Tls.anonymous()
			.get("https://localhost:" + port + "/oauth2/jwks")
			.then()
			.statusCode(200)
			.extract()
			.<List<String>>path("keys.kid")).containsExactlyInAnyOrder(retired, next);
		operator(signedByNext).post(url("/admin/api/keys/no-such-key/retire")).then().statusCode(404);
		List<String> targets = operator(signedByNext).queryParam("type", AuditEvents.ADMIN_CHANGE)
			.get(url("/admin/api/events"))
			.then()
			.statusCode(200)
			.extract()
			.path("events.data.target");
		assertThat(targets).contains(retired);
	}

	/** A request of the operator's client with its certificate and an access token. */
	private RequestSpecification operator(String token) {
		return Tls.client(certificate).auth().oauth2(token);
	}

	private String adminToken() {
		return Tls.client(certificate)
			.formParam("grant_type", "client_credentials")
			.formParam("client_id", "admin-keys-test")
			.formParam("scope", "mtlsauthz.admin")
			.post(url("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
	}

	private ConfigurableApplicationContext start() {
		Map<String, Object> properties = new LinkedHashMap<>(AuthServerIntegrationTest.properties(port, mtlsPort, true,
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
		String[] arguments = properties.entrySet()
			.stream()
			.map(property -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthServerApplication.class)
			.run(arguments);
		context.getBean(EnabledClientsRepository.class)
			.save(ClientMetadata.toRegisteredClient(
					Map.of("client_id", "admin-keys-test", "token_endpoint_auth_method", "tls_client_auth",
							"tls_client_auth_subject_dn", SUBJECT, "tls_client_certificate_bound_access_tokens", true,
							"grant_types", List.of("client_credentials"), "scope", "mtlsauthz.admin"),
					context.getBean(PasswordEncoder.class), file -> {
						throw new UnsupportedOperationException();
					}));
		return context;
	}

	private String url(String path) {
		return "https://localhost:" + mtlsPort + path;
	}

}
