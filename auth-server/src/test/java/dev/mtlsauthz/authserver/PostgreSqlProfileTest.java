package dev.mtlsauthz.authserver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mtlsauthz.authserver.clients.UsedClientAssertions;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.basic;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.claims;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.clientCredentials;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.cnfThumbprint;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.thumbprint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The postgresql profile against the PostgreSQL server on 127.0.0.1:5432 (database
 * {@code test}), in a schema of its own: Flyway's PostgreSQL migration, and Spring
 * Authorization Server's JDBC services on it, for bound JWT and reference tokens, refresh
 * tokens, revocation and the signing keys. CI starts PostgreSQL; elsewhere the test is
 * skipped when no server answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("postgresql")
class PostgreSqlProfileTest {

	private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

	private static final String SCHEMA = "mtlsauthz_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private static final int PORT = AuthServerIntegrationTest.freePort();

	private static final int MTLS_PORT = AuthServerIntegrationTest.freePort();

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeAll
	static void requirePostgreSql() {
		// The Spring context starts after this, so a missing server skips the class
		// instead of failing to start it.
		Assumptions.assumeTrue(reachable() || "true".equals(System.getenv("CI")),
				"PostgreSQL is not running on 127.0.0.1:5432; .ci/run starts it");
	}

	@AfterAll
	static void dropSchema() throws SQLException {
		if (reachable()) {
			try (Connection connection = DriverManager.getConnection(URL, "postgres", "")) {
				connection.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
			}
		}
	}

	@DynamicPropertySource
	static void postgresql(DynamicPropertyRegistry registry) {
		AuthServerIntegrationTest.configure(registry, PORT, MTLS_PORT, true, URL + "?currentSchema=" + SCHEMA);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
		registry.add("spring.flyway.schemas", () -> SCHEMA);
		registry.add("spring.flyway.default-schema", () -> SCHEMA);
	}

	@Test
	void flywayCreatedThePostgreSqlSchema() {
		String tokenColumnType = jdbc.queryForObject("SELECT data_type FROM information_schema.columns "
				+ "WHERE table_schema = ? AND table_name = 'oauth2_authorization' AND column_name = 'access_token_value'",
				String.class, SCHEMA);

		assertThat(tokenColumnType.toLowerCase(Locale.ROOT)).isEqualTo("text");
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_signing_key", Integer.class)).isEqualTo(1);
	}

	@Test
	void boundJwtAndIntrospection() {
		IssuedCertificate certificate = TestPki.ephemeral();

		String token = clientCredentials(basic(Tls.client(certificate), "secret-client", "secret-client-secret"),
				alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));
		introspect(token).then()
			.statusCode(200)
			.body("active", equalTo(true))
			.body("cnf.'x5t#S256'", equalTo(thumbprint(certificate)));
	}

	@Test
	void boundReferenceTokenIsFoundByItsValueAndRevoked() {
		IssuedCertificate certificate = TestPki.ephemeral();
		String token = clientCredentials(basic(Tls.client(certificate), "opaque-client", "opaque-client-secret"),
				alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");

		introspect(token).then()
			.statusCode(200)
			.body("active", equalTo(true))
			.body("cnf.'x5t#S256'", equalTo(thumbprint(certificate)));
		basic(Tls.client(certificate), "opaque-client", "opaque-client-secret").formParam("token", token)
			.post(alias("/oauth2/revoke"))
			.then()
			.statusCode(200);
		introspect(token).then().statusCode(200).body("active", equalTo(false));
	}

	@Test
	void tlsClientAuthWithACaIssuedCertificate() {
		IssuedCertificate certificate = TestPki.issued(TestPki.fromCa("CN=pki-client, O=mtls-authz test"));

		String token = Tls.client(certificate)
			.formParam("client_id", "pki-client")
			.formParam("grant_type", "client_credentials")
			.post(alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void ofTwoInstancesRacingToAcceptOneClientAssertionOnlyOneCan() throws Exception {
		String jti = UUID.randomUUID().toString();
		Instant expiry = Instant.now().plusSeconds(60);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService instances = Executors.newFixedThreadPool(2);
		try {
			List<Future<Boolean>> accepted = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				UsedClientAssertions instance = new UsedClientAssertions(jdbc, Clock.systemUTC());
				accepted.add(instances.submit(() -> {
					start.await();
					return instance.firstUse("racing-client", jti, expiry);
				}));
			}
			start.countDown();

			assertThat(List.of(accepted.get(0).get(), accepted.get(1).get())).containsExactlyInAnyOrder(true, false);
		}
		finally {
			instances.shutdownNow();
		}
		assertThat(new UsedClientAssertions(jdbc, Clock.systemUTC()).firstUse("expired-client", jti,
				Instant.now().minusSeconds(1)))
			.isTrue();
		new UsedClientAssertions(jdbc, Clock.systemUTC()).purge();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM client_assertion_jti WHERE client_id = 'expired-client'",
				Integer.class))
			.isZero();
	}

	private static Response introspect(String token) {
		return basic(Tls.anonymous(), "introspector", "introspector-secret").formParam("token", token)
			.post("https://localhost:" + PORT + "/oauth2/introspect");
	}

	private static String alias(String path) {
		return "https://localhost:" + MTLS_PORT + path;
	}

	private static boolean reachable() {
		try (Connection ignored = DriverManager.getConnection(URL, "postgres", "")) {
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
