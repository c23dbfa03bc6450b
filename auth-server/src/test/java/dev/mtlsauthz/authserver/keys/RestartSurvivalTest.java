package dev.mtlsauthz.authserver.keys;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mtlsauthz.authserver.AuthServerApplication;
import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.mtls.X5tS256;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing keys and authorizations live in the database, so a restart changes nothing for
 * tokens already issued: a JWT still verifies against the published JWK Set, and a
 * reference token still introspects as active with its {@code cnf} (RFC 8705 section
 * 3.2). The server is started twice on the same ports and the same H2 file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestartSurvivalTest {

	private final int port = freePort();

	private final int mtlsPort = freePort();

	private final Path database = Path.of("target", "restart-survival", UUID.randomUUID().toString(), "auth-server")
		.toAbsolutePath();

	private final IssuedCertificate certificate = TestPki.ephemeral();

	private String jwt;

	private String opaqueToken;

	private ConfigurableApplicationContext restarted;

	@BeforeAll
	void issueTokensThenRestart() {
		try (ConfigurableApplicationContext server = start()) {
			jwt = accessToken("secret-client", "secret-client-secret");
			opaqueToken = accessToken("opaque-client", "opaque-client-secret");
		}
		restarted = start();
	}

	@AfterAll
	void stop() {
		if (restarted != null) {
			restarted.close();
		}
	}

	@Test
	void jwtIssuedBeforeTheRestartVerifiesWithTheKeyStillPublished() throws ParseException, JOSEException {
		SignedJWT token = SignedJWT.parse(jwt);
		JWKSet published = JWKSet
			.parse(Tls.anonymous().get(url(port, "/oauth2/jwks")).then().statusCode(200).extract().asString());

		JWK key = published.getKeyByKeyId(token.getHeader().getKeyID());

		assertThat(key).as("the JWT's kid in the JWK Set after the restart").isNotNull();
		assertThat(token.verify(new RSASSAVerifier(key.toRSAKey()))).isTrue();
		assertThat(cnf(token.getJWTClaimsSet().toJSONObject())).isEqualTo(thumbprint());
	}

	@Test
	void referenceTokenIssuedBeforeTheRestartIntrospectsAsActiveWithItsConfirmation() {
		assertThat(opaqueToken).as("a reference token, not a JWT").doesNotContain(".");

		Response introspection = Tls.anonymous()
			.auth()
			.preemptive()
			.basic("introspector", "introspector-secret")
			.formParam("token", opaqueToken)
			.post(url(port, "/oauth2/introspect"));

		introspection.then().statusCode(200);
		assertThat((Boolean) introspection.path("active")).isTrue();
		assertThat(cnf(introspection.jsonPath().getMap(""))).isEqualTo(thumbprint());
	}

	private ConfigurableApplicationContext start() {
		// As command-line arguments, so that they take precedence over application.yml.
		String[] arguments = AuthServerIntegrationTest
			.properties(port, mtlsPort, true, "jdbc:h2:file:" + database + ";DB_CLOSE_ON_EXIT=FALSE")
			.entrySet()
			.stream()
			.map(property -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(AuthServerApplication.class).run(arguments);
	}

	private String accessToken(String clientId, String secret) {
		RequestSpecification request = Tls.client(certificate).auth().preemptive().basic(clientId, secret);
		Response response = request.formParam("grant_type", "client_credentials")
			.formParam("scope", "api.read")
			.post(url(mtlsPort, "/oauth2/token"));
		response.then().statusCode(200);
		return response.path("access_token");
	}

	private String thumbprint() {
		return X5tS256.of(certificate.certificate()).value();
	}

	private static Object cnf(Map<String, Object> claims) {
		return claims.get("cnf") instanceof Map<?, ?> cnf ? cnf.get("x5t#S256") : null;
	}

	private static String url(int port, String path) {
		return "https://localhost:" + port + path;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
