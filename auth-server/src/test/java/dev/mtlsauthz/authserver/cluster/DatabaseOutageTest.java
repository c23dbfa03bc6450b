package dev.mtlsauthz.authserver.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.mtlsauthz.authserver.cluster.PostgreSqlCluster.Instance;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * An instance on PostgreSQL whose database stops accepting connections, and every
 * connection it had is cut (as a restart or failover of the database does): token and
 * introspection requests are answered {@code 503 temporarily_unavailable} with
 * {@code Retry-After} within seconds (the pool's connection timeout), never 500 or after
 * the pool's default 30 s, pages with the error page, readiness is DOWN; once the
 * database accepts connections again, the instance serves again by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {

	/** The configured connection timeout is 2 s; the rest is a busy machine's slack. */
	private static final Duration FAST = Duration.ofSeconds(5);

	private PostgreSqlCluster cluster;

	private Instance instance;

	private final IssuedCertificate certificate = TestPki.ephemeral();

	@BeforeAll
	void start() {
		Assumptions.assumeTrue(PostgreSqlCluster.reachable() || "true".equals(System.getenv("CI")),
				"PostgreSQL is not running on 127.0.0.1:5432; .ci/run starts it");
		cluster = PostgreSqlCluster.start(1, Map.of());
		instance = cluster.instance(0);
	}

	@AfterAll
	void stop() {
		if (cluster != null) {
			allowConnections(true);
			cluster.close();
		}
	}

	@Test
	void outageIsAnsweredQuicklyWith503AndRetryAfterAndTheServerRecoversByItself() {
		String token = clientCredentials().then().statusCode(200).extract().path("access_token");
		readiness().then().statusCode(200);

		allowConnections(false);
		postgres("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + cluster.databaseName()
				+ "'");

		assertTemporarilyUnavailable(timed(this::clientCredentials));
		assertTemporarilyUnavailable(timed(() -> introspect(token)));
		Timed<Response> page = timed(() -> Tls.anonymous()
			.accept("text/html")
			.redirects()
			.follow(false)
			.get(instance.url("/oauth2/authorize?response_type=code&client_id=web-client&scope=openid"
					+ "&redirect_uri=http://127.0.0.1:9999/callback&code_challenge_method=S256"
					+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")));
		assertThat(page.elapsed()).isLessThan(FAST);
		page.value()
			.then()
			.statusCode(503)
			.header("Retry-After", "5")
			.contentType(containsString("text/html"))
			.body(containsString("down for maintenance"));
		Timed<Response> readiness = timed(this::readiness);
		assertThat(readiness.elapsed()).isLessThan(FAST);
		readiness.value().then().statusCode(503).body("status", equalTo("DOWN"));

		allowConnections(true);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> readiness().then().statusCode(200));
		clientCredentials().then().statusCode(200);
		introspect(token).then().statusCode(200).body("active", equalTo(true));
	}

	private void assertTemporarilyUnavailable(Timed<Response> answer) {
		assertThat(answer.elapsed()).isLessThan(FAST);
		answer.value()
			.then()
			.statusCode(503)
			.header("Retry-After", "5")
			.body("error", equalTo("temporarily_unavailable"))
			.body("error_description", not(containsString("Exception")))
			.body("error_description", not(containsString("SQL")));
	}

	private Response clientCredentials() {
		return basic(Tls.client(certificate), "secret-client", "secret-client-secret")
			.formParam("grant_type", "client_credentials")
			.formParam("scope", "api.read")
			.post(instance.alias("/oauth2/token"));
	}

	private Response introspect(String token) {
		return basic(Tls.anonymous(), "introspector", "introspector-secret").formParam("token", token)
			.post(instance.url("/oauth2/introspect"));
	}

	private Response readiness() {
		return Tls.anonymous().get(instance.url("/actuator/health/readiness"));
	}

	private void allowConnections(boolean allow) {
		postgres("ALTER DATABASE " + cluster.databaseName() + " ALLOW_CONNECTIONS " + allow);
	}

	/** As the operator, connected to the server's maintenance database. */
	private static void postgres(String sql) {
		try (Connection connection = DriverManager.getConnection(PostgreSqlCluster.SERVER + "postgres", "postgres",
				"")) {
			connection.createStatement().execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	private static Timed<Response> timed(Supplier<Response> request) {
		long started = System.nanoTime();
		Response response = request.get();
		return new Timed<>(response, Duration.ofNanos(System.nanoTime() - started));
	}

	private record Timed<T>(T value, Duration elapsed) {
	}

}
