package dev.mtlsauthz.authserver.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.mtlsauthz.authserver.AuthServerApplication;
import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.StartingTogether;

/**
 * Several authorization servers on one PostgreSQL database of their own, on
 * 127.0.0.1:5432, all started at the same moment on the empty database, each on its own
 * ports and all with the same issuer, as behind a load balancer. Closing stops them and
 * drops the database.
 */
final class PostgreSqlCluster implements AutoCloseable {

	static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

	private final String database = "mtlsauthz_cluster_"
			+ UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final List<Instance> instances = new ArrayList<>();

	private final SingleConnectionDataSource admin;

	private PostgreSqlCluster() {
		execute("postgres", "CREATE DATABASE " + database);
		admin = new SingleConnectionDataSource(SERVER + database, "postgres", "", true);
	}

	/**
	 * Starts {@code count} instances at once; the first one's address is the issuer of
	 * all.
	 * @param properties properties of every instance, beyond the test defaults
	 */
	static PostgreSqlCluster start(int count, Map<String, Object> properties) {
		PostgreSqlCluster cluster = new PostgreSqlCluster();
		try {
			List<int[]> ports = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				ports.add(new int[] { AuthServerIntegrationTest.freePort(), AuthServerIntegrationTest.freePort() });
			}
			String issuer = "https://localhost:" + ports.get(0)[0];
			StartingTogether together = new StartingTogether(count);
			List<CompletableFuture<Instance>> starting = ports.stream()
				.map(port -> CompletableFuture.supplyAsync(() -> {
					return new Instance(together.builder(AuthServerApplication.class)
						.run(cluster.arguments(port[0], port[1], issuer, properties)), port[0], port[1]);
				}))
				.toList();
			for (CompletableFuture<Instance> instance : starting) {
				cluster.instances.add(instance.join());
			}
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	static boolean reachable() {
		try (Connection ignored = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	Instance instance(int index) {
		return instances.get(index);
	}

	List<Instance> instances() {
		return List.copyOf(instances);
	}

	/** The cluster's database, as an operator with psql sees it. */
	JdbcTemplate database() {
		return new JdbcTemplate(admin);
	}

	String databaseName() {
		return database;
	}

	@Override
	public void close() {
		instances.forEach(instance -> instance.context().close());
		admin.destroy();
		execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
	}

	private String[] arguments(int port, int mtlsPort, String issuer, Map<String, Object> properties) {
		// As command-line arguments, so that they take precedence over application.yml.
		Map<String, Object> all = new LinkedHashMap<>(
				AuthServerIntegrationTest.properties(port, mtlsPort, true, SERVER + database));
		all.put("authserver.issuer", issuer);
		all.put("authserver.clients", "classpath:cluster-clients.json");
		all.put("spring.datasource.username", "postgres");
		all.put("spring.datasource.password", "");
		all.putAll(properties);
		return all.entrySet()
			.stream()
			.map(property -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
	}

	private static void execute(String database, String sql) {
		try (Connection connection = DriverManager.getConnection(SERVER + database, "postgres", "")) {
			connection.createStatement().execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

	/** One instance: its issuer connector and its mTLS connector. */
	record Instance(ConfigurableApplicationContext context, int port, int mtlsPort) {

		String base() {
			return "https://localhost:" + port;
		}

		String url(String path) {
			return base() + path;
		}

		String alias(String path) {
			return "https://localhost:" + mtlsPort + path;
		}

	}

}
