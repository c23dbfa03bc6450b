package dev.mtlsauthz.authserver.keys;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mtlsauthz.authserver.AuthServerApplication;
import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.StartingTogether;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances started at the same moment on one empty database end with one key
 * set: exactly one active key, and the same JWK Set published by every instance. On the
 * real PostgreSQL (a database of this test's own, dropped afterwards) and on the default
 * H2 file database shared by instances in one JVM. Each instance is a whole server on its
 * own ports, started in its own thread.
 */
class ConcurrentStartTest {

	private static final int INSTANCES = 3;

	private static final String POSTGRESQL = "jdbc:postgresql://127.0.0.1:5432/";

	@Test
	void instancesStartedTogetherOnAnEmptyPostgreSqlDatabaseShareOneActiveKey() throws Exception {
		Assumptions.assumeTrue(postgreSqlReachable() || "true".equals(System.getenv("CI")),
				"PostgreSQL is not running on 127.0.0.1:5432; .ci/run starts it");
		String name = "keys_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute("CREATE DATABASE " + name);
		try {
			startTogetherAndCheckOneKeySet(POSTGRESQL + name, Map.of("spring.profiles.active", "postgresql",
					"spring.datasource.username", "postgres", "spring.datasource.password", ""));
		}
		finally {
			execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
	}

	@Test
	void instancesStartedTogetherOnAnEmptyH2FileShareOneActiveKey() throws Exception {
		Path database = Path.of("target", "concurrent-start", UUID.randomUUID().toString(), "auth-server")
			.toAbsolutePath();
		startTogetherAndCheckOneKeySet("jdbc:h2:file:" + database + ";DB_CLOSE_ON_EXIT=FALSE", Map.of());
	}

	private void startTogetherAndCheckOneKeySet(String url, Map<String, Object> extra) throws Exception {
		List<Integer> ports = new ArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(INSTANCES);
		StartingTogether together = new StartingTogether(INSTANCES);
		List<CompletableFuture<ConfigurableApplicationContext>> starting = new ArrayList<>();
		for (int i = 0; i < INSTANCES; i++) {
			int port = AuthServerIntegrationTest.freePort();
			ports.add(port);
			String[] arguments = arguments(port, url, extra);
			starting.add(CompletableFuture.supplyAsync(() -> {
				return together.builder(AuthServerApplication.class).run(arguments);
			}, threads));
		}
		List<ConfigurableApplicationContext> servers = new ArrayList<>();
		try {
			for (CompletableFuture<ConfigurableApplicationContext> server : starting) {
				servers.add(server.get(5, TimeUnit.MINUTES));
			}
			JdbcTemplate jdbc = servers.get(0).getBean(JdbcTemplate.class);
			List<String> jwkSets = ports.stream()
				.map(port -> Tls.anonymous()
					.get("https://localhost:" + port + "/oauth2/jwks")
					.then()
					.statusCode(200)
					.extract()
					.asString())
				.toList();

			assertThat(jdbc.queryForList("SELECT state FROM oauth2_signing_key", String.class))
				.containsExactly("active");
			assertThat(jwkSets).hasSize(INSTANCES).containsOnly(jwkSets.get(0));
		}
		finally {
			servers.forEach(ConfigurableApplicationContext::close);
			threads.shutdownNow();
		}
	}

	private static String[] arguments(int port, String url, Map<String, Object> extra) {
		Map<String, Object> properties = new LinkedHashMap<>(
				AuthServerIntegrationTest.properties(port, AuthServerIntegrationTest.freePort(), true, url));
		// Only the key set is under test: seeding the same users and clients from several
		// instances at once is the cluster's own concern. A list given here replaces
		// application.yml's whole list.
		properties.put("authserver.users[0].username", "user-" + port);
		properties.put("authserver.users[0].password", "user-" + port + "-password");
		properties.put("authserver.admin.operators[0].username", "operator-" + port);
		properties.put("authserver.admin.operators[0].password", "operator-" + port + "-password");
		properties.put("authserver.clients", "classpath:no-clients.json");
		properties.putAll(extra);
		return properties.entrySet()
			.stream()
			.map(property -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
	}

	private static boolean postgreSqlReachable() {
		try (Connection connection = DriverManager.getConnection(POSTGRESQL + "postgres", "postgres", "")) {
			return connection.isValid(2);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(POSTGRESQL + "postgres", "postgres", "")) {
			connection.createStatement().execute(sql);
		}
	}

}
