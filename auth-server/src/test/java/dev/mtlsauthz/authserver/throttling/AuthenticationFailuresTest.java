package dev.mtlsauthz.authserver.throttling;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.mtlsauthz.authserver.throttling.ThrottleKeys.Realm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The counts are exact when several instances count the same keys at once, on H2 and on
 * the PostgreSQL server on 127.0.0.1:5432 (a database of its own, dropped afterwards;
 * skipped when no server answers, except in CI): each thread here has its own
 * connections, as each instance has its own pool. And the purge deletes forgotten counts
 * only.
 */
class AuthenticationFailuresTest {

	private static final String POSTGRESQL = "jdbc:postgresql://127.0.0.1:5432/";

	private static final String DATABASE = "throttling_" + UUID.randomUUID().toString().replace("-", "");

	private static boolean postgresqlCreated;

	@AfterAll
	static void dropDatabase() throws SQLException {
		if (postgresqlCreated) {
			try (Connection connection = DriverManager.getConnection(POSTGRESQL + "postgres", "postgres", "")) {
				connection.createStatement().execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void instancesCountingTheSameKeysAtOnceLoseNoFailure(String vendor) throws Exception {
		DataSource database = database(vendor);
		ThrottlePolicy countEverything = new ThrottlePolicy(10_000, 10_000, 10_000, Duration.ofSeconds(1),
				Duration.ofSeconds(1), Duration.ofHours(1));
		ThrottleKeys keys = ThrottleKeys.of(Realm.USER, "eve", "192.0.2.7", countEverything);
		int instances = 6;
		int failuresEach = 20;

		ExecutorService executor = Executors.newFixedThreadPool(instances);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int instance = 0; instance < instances; instance++) {
				AuthenticationFailures failures = failures(database, countEverything, Clock.systemUTC());
				done.add(executor.submit(() -> {
					for (int failure = 0; failure < failuresEach; failure++) {
						failures.failed(keys);
					}
				}));
			}
			for (Future<?> instance : done) {
				instance.get();
			}
		}
		finally {
			executor.shutdown();
		}

		Map<String, FailureCount> counts = failures(database, countEverything, Clock.systemUTC()).counts(keys.all());
		assertThat(counts.values()).extracting(FailureCount::failures)
			.as("address, user and user from that address")
			.containsExactly(instances * failuresEach, instances * failuresEach, instances * failuresEach);
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void purgeDeletesOnlyForgottenCounts(String vendor) {
		DataSource database = database(vendor);
		ThrottlePolicy policy = new ThrottlePolicy(3, 6, 10, Duration.ofSeconds(30), Duration.ofMinutes(1),
				Duration.ofMinutes(10));
		ThrottleKeys forgotten = ThrottleKeys.of(Realm.CLIENT, "old", "192.0.2.8", policy);
		ThrottleKeys recent = ThrottleKeys.of(Realm.CLIENT, "new", "192.0.2.9", policy);
		failures(database, policy, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-11))).failed(forgotten);
		AuthenticationFailures now = failures(database, policy, Clock.systemUTC());
		now.failed(recent);

		now.purge();

		assertThat(now.counts(forgotten.all())).isEmpty();
		assertThat(now.counts(recent.all())).hasSize(3);
	}

	private static AuthenticationFailures failures(DataSource database, ThrottlePolicy policy, Clock clock) {
		return new AuthenticationFailures(new JdbcTemplate(database), new DataSourceTransactionManager(database),
				policy, clock);
	}

	private static DataSource database(String vendor) {
		DriverManagerDataSource database;
		if (vendor.equals("h2")) {
			database = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		}
		else {
			createPostgreSqlDatabase();
			database = new DriverManagerDataSource(POSTGRESQL + DATABASE, "postgres", "");
		}
		Flyway.configure()
			.dataSource(database)
			.locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
			.cleanDisabled(true)
			.load()
			.migrate();
		if (vendor.equals("postgresql")) {
			new JdbcTemplate(database).update("DELETE FROM authentication_failure");
		}
		return database;
	}

	private static synchronized void createPostgreSqlDatabase() {
		if (postgresqlCreated) {
			return;
		}
		try (Connection connection = DriverManager.getConnection(POSTGRESQL + "postgres", "postgres", "")) {
			connection.createStatement().execute("CREATE DATABASE " + DATABASE);
			postgresqlCreated = true;
		}
		catch (SQLException ex) {
			Assumptions.assumeTrue("true".equals(System.getenv("CI")),
					"PostgreSQL is not running on 127.0.0.1:5432; .ci/run starts it");
			throw new IllegalStateException(ex);
		}
	}

}
