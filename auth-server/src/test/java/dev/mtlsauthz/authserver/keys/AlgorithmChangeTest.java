package dev.mtlsauthz.authserver.keys;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.mtlsauthz.authserver.AuthServerApplication;
import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.authserver.clients.ClientMetadata;
import dev.mtlsauthz.authserver.clients.EnabledClientsRepository;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Changing {@code authserver.keys.algorithm} from RS256 to ES256 on a running key set is
 * a rotation, never an instant switch. After the restart with ES256 the new key is only
 * published, RS256 keeps signing and discovery keeps saying RS256; once the publish-ahead
 * time has passed (a clock the test moves; the instance's own refresh picks it up), ES256
 * signs and discovery says ES256, and the userinfo endpoint accepts tokens of both keys.
 * The operator's {@code signingkeys} endpoint shows the states and rotates on demand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlgorithmChangeTest {

	private static final String RP = "secret-client";

	private static final String OPERATOR = "keys-operator";

	private final int port = AuthServerIntegrationTest.freePort();

	private final int mtlsPort = AuthServerIntegrationTest.freePort();

	private final Path database = newDatabase();

	private final MutableClock clock = new MutableClock(Instant.now());

	private final IssuedCertificate certificate = TestPki.ephemeral();

	private ConfigurableApplicationContext server;

	@AfterAll
	void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void anAlgorithmChangeIsPublishedAheadThenSignsWhileTokensOfTheOldKeyStillVerify() throws Exception {
		server = start("RS256", database);
		String rsaToken = userAccessToken();
		assertThat(algorithm(rsaToken)).isEqualTo("RS256");

		server = start("ES256", database);
		String stillRsa = userAccessToken();
		JWKSet published = jwks();

		assertThat(algorithm(stillRsa)).as("RS256 signs until ES256 is due").isEqualTo("RS256");
		assertThat(idTokenSigningAlgorithms()).containsExactly("RS256");
		assertThat(published.getKeys()).extracting(key -> key.getAlgorithm().getName())
			.containsExactlyInAnyOrder("RS256", "ES256");
		userinfo(rsaToken).then().statusCode(200);

		clock.advance(Duration.ofHours(1));
		await().atMost(Duration.ofSeconds(30)).until(() -> idTokenSigningAlgorithms().equals(List.of("ES256")));
		String ecToken = userAccessToken();

		assertThat(algorithm(ecToken)).isEqualTo("ES256");
		assertThat(jwks().getKeyByKeyId(SignedJWT.parse(ecToken).getHeader().getKeyID())).isNotNull();
		assertThat(jwks().getKeyByKeyId(SignedJWT.parse(rsaToken).getHeader().getKeyID()))
			.as("the retired RS256 key stays published")
			.isNotNull();
		userinfo(ecToken).then().statusCode(200);
		userinfo(rsaToken).then().statusCode(200);
		userinfo(stillRsa).then().statusCode(200);
	}

	@Test
	void theOperatorSeesTheKeysAndRotatesOnDemandWithAScopedToken() {
		server = start("RS256", newDatabase());
		String noScope = clientToken(RP, "secret-client-secret", "api.read");
		String operator = clientToken(OPERATOR, "keys-operator-secret", SigningKeysEndpoint.SCOPE);

		Tls.anonymous().get(url("/actuator/signingkeys")).then().statusCode(401);
		Tls.anonymous().auth().oauth2(noScope).get(url("/actuator/signingkeys")).then().statusCode(403);
		Response before = Tls.anonymous().auth().oauth2(operator).get(url("/actuator/signingkeys"));
		Response rotated = Tls.anonymous()
			.auth()
			.oauth2(operator)
			.contentType("application/json")
			.body("{}")
			.post(url("/actuator/signingkeys"));

		before.then().statusCode(200);
		rotated.then().statusCode(200);
		List<String> statesBefore = before.path("keys.state");
		List<String> statesAfter = rotated.path("keys.state");
		assertThat(statesAfter).hasSize(statesBefore.size() + 1).contains("next", "active");
		assertThat(before.asString()).doesNotContain("\"d\"", "private");
		assertThat(jwks().getKeys()).hasSize(statesAfter.size());
	}

	/** Starts the server, after stopping the running one (same ports, same database). */
	private ConfigurableApplicationContext start(String algorithm, Path database) {
		stop();
		Map<String, Object> properties = new LinkedHashMap<>(AuthServerIntegrationTest.properties(port, mtlsPort, true,
				"jdbc:h2:file:" + database + ";DB_CLOSE_ON_EXIT=FALSE"));
		properties.put("authserver.keys.algorithm", algorithm);
		properties.put("authserver.keys.refresh-interval", "1s");
		properties.put("authserver.keys.jwks-max-age", "1s");
		properties.put("management.endpoints.web.exposure.include", "health,signingkeys");
		String[] arguments = properties.entrySet()
			.stream()
			.map(property -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(AuthServerApplication.class).initializers(
				applicationContext -> applicationContext.getBeanFactory().registerSingleton("signingKeysClock", clock))
			.run(arguments);
		context.getBean(EnabledClientsRepository.class)
			.save(ClientMetadata
				.toRegisteredClient(
						Map.of("client_id", OPERATOR, "client_secret", "keys-operator-secret",
								"token_endpoint_auth_method", "client_secret_basic", "grant_types",
								List.of("client_credentials"), "scope", SigningKeysEndpoint.SCOPE),
						context.getBean(PasswordEncoder.class), file -> {
							throw new UnsupportedOperationException();
						}));
		return context;
	}

	/** An access token of alice's, bound to the test's certificate. */
	private String userAccessToken() {
		String location = new UserSession(url("")).authorize(Map.of("response_type", "code", "client_id", RP,
				"redirect_uri", "http://127.0.0.1:9999/callback", "scope", "openid profile", "state", "s"));
		return AuthServerIntegrationTest.basic(Tls.client(certificate), RP, "secret-client-secret")
			.formParam("grant_type", "authorization_code")
			.formParam("redirect_uri", "http://127.0.0.1:9999/callback")
			.formParam("code", UserSession.parameter(location, "code"))
			.post(alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
	}

	private String clientToken(String clientId, String secret, String scope) {
		return AuthServerIntegrationTest.basic(Tls.anonymous(), clientId, secret)
			.formParam("grant_type", "client_credentials")
			.formParam("scope", scope)
			.post(url("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
	}

	private Response userinfo(String accessToken) {
		return Tls.client(certificate).auth().oauth2(accessToken).get(alias("/userinfo"));
	}

	private List<String> idTokenSigningAlgorithms() {
		return Tls.anonymous()
			.get(url("/.well-known/openid-configuration"))
			.then()
			.statusCode(200)
			.extract()
			.path("id_token_signing_alg_values_supported");
	}

	private JWKSet jwks() {
		try {
			return JWKSet.parse(Tls.anonymous().get(url("/oauth2/jwks")).then().statusCode(200).extract().asString());
		}
		catch (ParseException ex) {
			throw new AssertionError(ex);
		}
	}

	private static Path newDatabase() {
		return Path.of("target", "algorithm-change", UUID.randomUUID().toString(), "auth-server").toAbsolutePath();
	}

	private static String algorithm(String jwt) throws ParseException {
		return SignedJWT.parse(jwt).getHeader().getAlgorithm().getName();
	}

	private String url(String path) {
		return "https://localhost:" + port + path;
	}

	private String alias(String path) {
		return "https://localhost:" + mtlsPort + path;
	}

}
