package dev.mtlsauthz.authserver.cluster;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.ServerProcess;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances started from the executable jar as separate processes on one PostgreSQL
 * database, under load from clients that spread their token requests over both; one is
 * killed with SIGKILL in the middle. Every token either instance returned before or after
 * the kill introspects as active at the survivor, which kept serving throughout.
 */
class InstanceKilledUnderLoadIT {

	private static final Path JAR = Path.of(System.getProperty("auth-server.jar", "target/auth-server-exec.jar"));

	/** Tokens returned before the kill, and by the survivor after it. */
	private static final int BEFORE_KILL = 100;

	private static final int AFTER_KILL = 50;

	/** The longest the test waits for either, on a slow machine. */
	private static final Duration PATIENCE = Duration.ofMinutes(3);

	private final String database = "mtlsauthz_kill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final List<ServerProcess> servers = new ArrayList<>();

	private final IssuedCertificate certificate = TestPki.ephemeral();

	@AfterEach
	void stopAndDropDatabase() throws Exception {
		for (ServerProcess server : servers) {
			server.stop();
		}
		if (PostgreSqlCluster.reachable()) {
			execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		}
	}

	@Test
	void killingOneInstanceUnderLoadLosesNoReturnedTokenAndTheOtherKeepsServing() throws Exception {
		Assumptions.assumeTrue(PostgreSqlCluster.reachable() || "true".equals(System.getenv("CI")),
				"PostgreSQL is not running on 127.0.0.1:5432; .ci/run starts it");
		execute("CREATE DATABASE " + database);
		int[] victim = { ServerProcess.freePort(), ServerProcess.freePort() };
		int[] survivor = { ServerProcess.freePort(), ServerProcess.freePort() };
		String issuer = "https://localhost:" + victim[0];
		ServerProcess killed = start("victim", victim, issuer);
		ServerProcess kept = start("survivor", survivor, issuer);

		// One token from each instance first, on this thread: rest-assured's first use
		// initialises Groovy classes, which several threads at once can deadlock on.
		Queue<String> returned = new ConcurrentLinkedQueue<>(
				List.of(tokenValue(victim, true), tokenValue(survivor, false)));
		Queue<String> refused = new ConcurrentLinkedQueue<>();
		AtomicInteger afterKill = new AtomicInteger();
		AtomicBoolean victimAlive = new AtomicBoolean(true);
		AtomicBoolean loading = new AtomicBoolean(true);
		ExecutorService clients = Executors.newFixedThreadPool(6);
		for (int client = 0; client < 6; client++) {
			boolean reference = client % 2 == 0;
			clients.submit(() -> {
				for (int request = 0; loading.get(); request++) {
					int[] instance = (request % 2 == 0) ? victim : survivor;
					try {
						Response response = token(instance, reference);
						if (response.statusCode() == 200) {
							returned.add(response.path("access_token"));
							if (!victimAlive.get()) {
								afterKill.incrementAndGet();
							}
						}
						else if (refused.size() < 5) {
							refused.add(response.statusCode() + " " + response.asString());
						}
					}
					catch (Exception | Error refusedOrReset) {
						// The killed instance: no token was returned.
						if (victimAlive.get() && refused.size() < 5) {
							refused.add(refusedOrReset.toString());
						}
					}
				}
			});
		}
		awaitCount(returned::size, BEFORE_KILL);
		int beforeKill = returned.size();
		victimAlive.set(false);
		killed.kill();
		awaitCount(afterKill::get, AFTER_KILL);
		loading.set(false);
		clients.shutdown();
		assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

		assertThat(beforeKill).as("tokens returned before the kill; refused: " + refused)
			.isGreaterThanOrEqualTo(BEFORE_KILL);
		assertThat(afterKill.get()).as("tokens the survivor returned after the kill; refused: " + refused)
			.isGreaterThanOrEqualTo(AFTER_KILL);
		List<String> inactive = returned.stream().filter(token -> !active(survivor, token)).toList();
		assertThat(inactive).as("of " + returned.size() + " returned tokens, those not active at the survivor")
			.isEmpty();
		assertThat(kept.tail()).doesNotContain("Exception in thread");
	}

	private static void awaitCount(IntSupplier count, int atLeast) throws InterruptedException {
		Instant deadline = Instant.now().plus(PATIENCE);
		while (count.getAsInt() < atLeast && Instant.now().isBefore(deadline)) {
			Thread.sleep(50);
		}
	}

	private ServerProcess start(String name, int[] ports, String issuer) throws Exception {
		Path workingDirectory = Files.createDirectories(Path.of("target", "kill-under-load", database, name));
		List<String> arguments = new ArrayList<>();
		Map<String, Object> properties = new LinkedHashMap<>(
				AuthServerIntegrationTest.properties(ports[0], ports[1], true, PostgreSqlCluster.SERVER + database));
		properties.put("authserver.issuer", issuer);
		properties.put("authserver.clients",
				"file:" + Path.of("target", "test-classes", "cluster-clients.json").toAbsolutePath());
		properties.put("spring.datasource.username", "postgres");
		properties.put("spring.datasource.password", "");
		properties.forEach((property, value) -> arguments.add("--" + property + "=" + value));
		ServerProcess server = ServerProcess.start(name, JAR, workingDirectory, workingDirectory,
				arguments.toArray(String[]::new));
		servers.add(server);
		server.awaitHealthy(URI.create("https://localhost:" + ports[0]), TestPki.file("ca.crt"), Duration.ofMinutes(3));
		return server;
	}

	private String tokenValue(int[] instance, boolean reference) {
		return token(instance, reference).then().statusCode(200).extract().path("access_token");
	}

	private Response token(int[] instance, boolean reference) {
		String clientId = reference ? "opaque-client" : "secret-client";
		return basic(Tls.client(certificate), clientId, clientId + "-secret")
			.formParam("grant_type", "client_credentials")
			.formParam("scope", "api.read")
			.post("https://localhost:" + instance[1] + "/oauth2/token");
	}

	private static boolean active(int[] instance, String token) {
		Response introspection = basic(Tls.anonymous(), "introspector", "introspector-secret").formParam("token", token)
			.post("https://localhost:" + instance[0] + "/oauth2/introspect");
		return introspection.statusCode() == 200 && Boolean.TRUE.equals(introspection.path("active"));
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(PostgreSqlCluster.SERVER + "postgres", "postgres",
				"")) {
			connection.createStatement().execute(sql);
		}
	}

}
