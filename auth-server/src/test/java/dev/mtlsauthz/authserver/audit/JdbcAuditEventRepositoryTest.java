package dev.mtlsauthz.authserver.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit events in the real schema (V21, migrated by Flyway) on H2 and on the real
 * PostgreSQL: each query filter, the pages, what is kept of Spring Security's data, and
 * the retention purge.
 */
class JdbcAuditEventRepositoryTest {

	private static final String POSTGRESQL = "jdbc:postgresql://127.0.0.1:5432/";

	private static final String POSTGRESQL_DATABASE = "mtlsauthz_audit_"
			+ UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	private static boolean postgreSqlCreated;

	static Stream<String> databases() {
		return Stream.of("h2", "postgresql");
	}

	@AfterAll
	static void dropPostgreSqlDatabase() {
		if (postgreSqlCreated) {
			execute("DROP DATABASE IF EXISTS " + POSTGRESQL_DATABASE + " WITH (FORCE)");
		}
	}

	@ParameterizedTest
	@MethodSource("databases")
	void queriesFilterByTimeClientUserAndTypeNewestFirst(String database) {
		JdbcAuditEventRepository events = repository(database);
		events.add(event(NOW.minusSeconds(30), "alice", AuditEvents.TOKEN_ISSUED, "web"));
		events.add(event(NOW.minusSeconds(20), "bob", AuditEvents.TOKEN_ISSUED, "web"));
		events.add(event(NOW.minusSeconds(10), "svc", AuditEvents.CLIENT_AUTHENTICATION_FAILED, "svc"));
		events.add(event(NOW.minusSeconds(3600), "alice", AuditEvents.CONSENT_GRANTED, "web"));

		assertThat(principals(events, query(null, null, null, null, null))).containsExactly("svc", "bob", "alice",
				"alice");
		assertThat(principals(events, query(NOW.minusSeconds(60), null, null, null, null))).containsExactly("svc",
				"bob", "alice");
		assertThat(principals(events, query(NOW.minusSeconds(60), NOW.minusSeconds(15), null, null, null)))
			.containsExactly("bob", "alice");
		assertThat(principals(events, query(null, null, "web", null, null))).containsExactly("bob", "alice", "alice");
		assertThat(principals(events, query(null, null, null, "alice", null))).containsExactly("alice", "alice");
		assertThat(principals(events, query(null, null, null, null, AuditEvents.CLIENT_AUTHENTICATION_FAILED)))
			.containsExactly("svc");
		assertThat(principals(events, query(null, null, "web", "alice", AuditEvents.TOKEN_ISSUED)))
			.containsExactly("alice");
	}

	@ParameterizedTest
	@MethodSource("databases")
	void pagesSayWhetherMoreFollow(String database) {
		JdbcAuditEventRepository events = repository(database);
		for (int i = 0; i < 5; i++) {
			events.add(event(NOW.minusSeconds(i), "user" + i, AuditEvents.TOKEN_ISSUED, "web"));
		}

		JdbcAuditEventRepository.Page first = events
			.query(new JdbcAuditEventRepository.Query(null, null, null, null, null, 0, 2));
		JdbcAuditEventRepository.Page last = events
			.query(new JdbcAuditEventRepository.Query(null, null, null, null, null, 2, 2));

		assertThat(first.events()).extracting(AuditEvent::getPrincipal).containsExactly("user0", "user1");
		assertThat(first.more()).isTrue();
		assertThat(last.events()).extracting(AuditEvent::getPrincipal).containsExactly("user4");
		assertThat(last.more()).isFalse();
	}

	@ParameterizedTest
	@MethodSource("databases")
	void keepsPlainDataAndTheRemoteAddressButNeverTheSessionId(String database) {
		JdbcAuditEventRepository events = repository(database);
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("192.0.2.7");
		String sessionId = "session-" + UUID.randomUUID();
		request.setSession(new MockHttpSession(null, sessionId));
		events.add(new AuditEvent(NOW, "alice", AuditEvents.SIGN_IN_SUCCESS,
				Map.of("details", new WebAuthenticationDetails(request), AuditEvents.SCOPE, "openid", "count", 3,
						"bound", true, "other", new Object())));
		events.add(new AuditEvent(NOW, "anonymousUser", JdbcAuditEventRepository.AUTHORIZATION_FAILURE, Map.of()));

		List<AuditEvent> stored = events.query(query(null, null, null, null, null)).events();

		assertThat(stored).hasSize(1);
		assertThat(stored.get(0).getData()).containsOnly(Map.entry(AuditEvents.REMOTE_ADDRESS, "192.0.2.7"),
				Map.entry(AuditEvents.SCOPE, "openid"), Map.entry("count", 3), Map.entry("bound", true));
		assertThat(stored.get(0).getData().toString()).doesNotContain(sessionId);
		assertThat(stored.get(0).getTimestamp()).isEqualTo(NOW);
	}

	@ParameterizedTest
	@MethodSource("databases")
	void purgeDeletesOnlyEventsOlderThanTheRetention(String database) {
		JdbcAuditEventRepository events = repository(database);
		events.add(event(NOW.minus(Duration.ofDays(31)), "old", AuditEvents.TOKEN_ISSUED, "web"));
		events.add(event(NOW.minus(Duration.ofDays(29)), "recent", AuditEvents.TOKEN_ISSUED, "web"));

		assertThat(events.purge(Duration.ofDays(30))).isEqualTo(1);
		assertThat(events.purge(Duration.ofDays(30))).isZero();

		assertThat(principals(events, query(null, null, null, null, null))).containsExactly("recent");
	}

	/**
	 * Adding an event only queues its row: a token response pays no commit for it. The
	 * rows are written together at the next flush, and every query flushes first.
	 */
	@ParameterizedTest
	@MethodSource("databases")
	void rowsAreQueuedAndWrittenTogetherBeforeAnyQuery(String database) {
		JdbcAuditEventRepository events = repository(database);
		JdbcTemplate table = table(database);
		for (int i = 0; i < 3; i++) {
			events.add(event(NOW, "queued-" + i, AuditEvents.TOKEN_ISSUED, "web"));
		}

		assertThat(table.queryForObject("SELECT COUNT(*) FROM audit_event", Integer.class)).isZero();
		assertThat(principals(events, query(null, null, null, null, null))).containsExactlyInAnyOrder("queued-0",
				"queued-1", "queued-2");
		events.add(event(NOW, "flushed", AuditEvents.TOKEN_ISSUED, "web"));
		events.flush();
		assertThat(table.queryForObject("SELECT COUNT(*) FROM audit_event", Integer.class)).isEqualTo(4);
	}

	private static AuditEvent event(Instant time, String principal, String type, String clientId) {
		return new AuditEvent(time, principal, type, Map.of(AuditEvents.CLIENT_ID, clientId));
	}

	private static JdbcAuditEventRepository.Query query(Instant from, Instant to, String clientId, String user,
			String type) {
		return new JdbcAuditEventRepository.Query(from, to, clientId, user, type, 0, 50);
	}

	private static List<String> principals(JdbcAuditEventRepository events, JdbcAuditEventRepository.Query query) {
		return events.query(query).events().stream().map(AuditEvent::getPrincipal).toList();
	}

	private static final Map<String, JdbcTemplate> TABLES = new ConcurrentHashMap<>();

	/** The database of the repository last made for {@code database}, read directly. */
	private static JdbcTemplate table(String database) {
		return TABLES.get(database);
	}

	private static JdbcAuditEventRepository repository(String database) {
		DriverManagerDataSource dataSource;
		if ("h2".equals(database)) {
			dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa",
					"");
		}
		else {
			Assumptions.assumeTrue(postgreSqlReachable(), "PostgreSQL on 127.0.0.1:5432");
			if (!postgreSqlCreated) {
				execute("CREATE DATABASE " + POSTGRESQL_DATABASE);
				postgreSqlCreated = true;
			}
			dataSource = new DriverManagerDataSource(POSTGRESQL + POSTGRESQL_DATABASE, "postgres", "");
		}
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration/common", "classpath:db/migration/" + database)
			.load()
			.migrate();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.update("DELETE FROM audit_event");
		TABLES.put(database, jdbc);
		return new JdbcAuditEventRepository(jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static boolean postgreSqlReachable() {
		try (Connection ignored = DriverManager.getConnection(POSTGRESQL + "postgres", "postgres", "")) {
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private static void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(POSTGRESQL + "postgres", "postgres", "")) {
			connection.createStatement().execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql, ex);
		}
	}

}
