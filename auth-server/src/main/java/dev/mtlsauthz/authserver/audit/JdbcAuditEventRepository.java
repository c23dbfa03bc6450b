package dev.mtlsauthz.authserver.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The audit events in the database ({@code audit_event}), the repository behind Spring
 * Boot's {@code AuditListener}: every {@code AuditApplicationEvent} published anywhere in
 * the server is stored here, on whichever instance published it, and read back by the
 * admin API and console from any instance ({@link #query}). Events older than the
 * retention period are deleted by {@link #purge}.
 *
 * <p>
 * The data is stored as a JSON object of plain values only: strings, numbers, booleans
 * and lists of strings. Anything else Spring Security puts into its own events is either
 * reduced to what an operator needs (the remote address of
 * {@link WebAuthenticationDetails}, never its session id) or left out, so that no object
 * that happens to hold a secret is ever written. Spring Security's
 * {@code AUTHORIZATION_FAILURE}, which it publishes for every anonymous request that is
 * then sent to sign in, is not kept: it tells an operator nothing, and anyone could fill
 * the table with it.
 *
 * <p>
 * Hot-path cost: none in the database. {@link #add} only queues the row (after reducing
 * its data); {@link #flush}, every {@value #FLUSH_INTERVAL_MILLIS} ms on the scheduler
 * and before every query, purge and shutdown, writes what is queued as one batch in one
 * transaction. A token response used to pay a second commit of its own for its
 * {@code TOKEN_ISSUED} row, which with the default H2 file's durable commits cost more
 * than signing the token. What this trades: a crash of the process loses the rows of its
 * last {@value #FLUSH_INTERVAL_MILLIS} ms (their log lines, written by {@link AuditLog}
 * before the response, remain), and another instance sees an event up to that much later;
 * a batch the database refuses is dropped with a warning rather than failing requests. At
 * most {@value #MAX_QUEUED} rows wait; beyond that {@link #add} writes the queue itself.
 */
public class JdbcAuditEventRepository implements AuditEventRepository, DisposableBean {

	private static final Log logger = LogFactory.getLog(JdbcAuditEventRepository.class);

	/** Spring Security's event for an access denied, which is not kept. */
	static final String AUTHORIZATION_FAILURE = "AUTHORIZATION_FAILURE";

	private static final int MAX_DATA_LENGTH = 8000;

	private static final int MAX_PAGE_SIZE = 500;

	/** How often queued rows are written. */
	static final long FLUSH_INTERVAL_MILLIS = 100;

	private static final int MAX_QUEUED = 10_000;

	private static final String INSERT = "INSERT INTO audit_event (event_time, event_type, principal, client_id, data) "
			+ "VALUES (?, ?, ?, ?, ?)";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final RowMapper<AuditEvent> EVENTS = (rs, row) -> {
		Map<String, Object> data = new LinkedHashMap<>(
				JSON.readValue(rs.getString("data"), new TypeReference<Map<String, Object>>() {
				}));
		return new AuditEvent(rs.getTimestamp("event_time").toInstant(), rs.getString("principal"),
				rs.getString("event_type"), data);
	};

	private final JdbcOperations jdbc;

	private final Clock clock;

	private final ConcurrentLinkedQueue<Object[]> queued = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queuedCount = new AtomicInteger();

	private final Object writing = new Object();

	public JdbcAuditEventRepository(JdbcOperations jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public void add(AuditEvent event) {
		if (AUTHORIZATION_FAILURE.equals(event.getType())) {
			return;
		}
		Map<String, Object> data = plain(event.getData());
		String json = JSON.writeValueAsString(data);
		if (json.length() > MAX_DATA_LENGTH) {
			json = JSON.writeValueAsString(Map.of("truncated", true));
		}
		Object clientId = data.get(AuditEvents.CLIENT_ID);
		queued.add(new Object[] { Timestamp.from(event.getTimestamp()), truncate(event.getType(), 100),
				truncate(String.valueOf(event.getPrincipal()), 200),
				clientId == null ? null : truncate(clientId.toString(), 200), json });
		if (queuedCount.incrementAndGet() >= MAX_QUEUED) {
			flush();
		}
	}

	/**
	 * Writes the queued rows, in one transaction: one commit however many there are.
	 */
	public void flush() {
		synchronized (writing) {
			List<Object[]> rows = new ArrayList<>();
			for (Object[] row = queued.poll(); row != null; row = queued.poll()) {
				rows.add(row);
			}
			if (rows.isEmpty()) {
				return;
			}
			queuedCount.addAndGet(-rows.size());
			try {
				jdbc.execute((ConnectionCallback<Void>) connection -> insert(connection, rows));
			}
			catch (DataAccessException ex) {
				logger.warn(rows.size() + " audit events were not stored (their log lines were written): "
						+ ex.getMostSpecificCause().getClass().getName());
			}
		}
	}

	private static Void insert(Connection connection, List<Object[]> rows) throws SQLException {
		boolean autoCommit = connection.getAutoCommit();
		connection.setAutoCommit(false);
		try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
			for (Object[] row : rows) {
				for (int i = 0; i < row.length; i++) {
					insert.setObject(i + 1, row[i]);
				}
				insert.addBatch();
			}
			insert.executeBatch();
			connection.commit();
		}
		catch (SQLException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(autoCommit);
		}
		return null;
	}

	/** What is still queued is written before the data source closes. */
	@Override
	public void destroy() {
		flush();
	}

	/**
	 * Spring Boot's own query ({@code /actuator/auditevents}): the events after a time,
	 * optionally of one principal and one type, oldest first.
	 */
	@Override
	public List<AuditEvent> find(String principal, Instant after, String type) {
		Query query = new Query(after, null, null, principal, type, 0, MAX_PAGE_SIZE);
		List<AuditEvent> events = new ArrayList<>(query(query).events());
		Collections.reverse(events);
		return events;
	}

	/**
	 * One page of the events that match the query, newest first.
	 */
	public Page query(Query query) {
		flush();
		StringBuilder sql = new StringBuilder(
				"SELECT event_time, event_type, principal, data FROM audit_event WHERE 1 = 1");
		List<Object> arguments = new ArrayList<>();
		if (query.from() != null) {
			sql.append(" AND event_time >= ?");
			arguments.add(Timestamp.from(query.from()));
		}
		if (query.to() != null) {
			sql.append(" AND event_time < ?");
			arguments.add(Timestamp.from(query.to()));
		}
		condition(sql, arguments, "client_id", query.clientId());
		condition(sql, arguments, "principal", query.principal());
		condition(sql, arguments, "event_type", query.type());
		int size = Math.max(1, Math.min(query.size(), MAX_PAGE_SIZE));
		int page = Math.max(0, query.page());
		// One more than the page holds tells whether there is a next page, without a
		// count over the whole range.
		sql.append(" ORDER BY event_time DESC, id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
		arguments.add((long) page * size);
		arguments.add(size + 1);
		List<AuditEvent> events = jdbc.query(sql.toString(), EVENTS, arguments.toArray());
		boolean more = events.size() > size;
		return new Page(more ? events.subList(0, size) : events, page, size, more);
	}

	/**
	 * Deletes the events older than {@code retention}; returns how many were deleted.
	 * Idempotent, so that two instances' purges may overlap.
	 */
	public int purge(Duration retention) {
		flush();
		int deleted = jdbc.update("DELETE FROM audit_event WHERE event_time < ?",
				Timestamp.from(clock.instant().minus(retention)));
		if (deleted > 0 && logger.isInfoEnabled()) {
			logger.info("Purged " + deleted + " audit events older than " + retention);
		}
		return deleted;
	}

	private static void condition(StringBuilder sql, List<Object> arguments, String column, String value) {
		if (value != null && !value.isBlank()) {
			sql.append(" AND ").append(column).append(" = ?");
			arguments.add(value);
		}
	}

	private static Map<String, Object> plain(Map<String, Object> data) {
		Map<String, Object> plain = new LinkedHashMap<>();
		data.forEach((name, value) -> {
			if (value instanceof String || value instanceof Number || value instanceof Boolean) {
				plain.put(name, value);
			}
			else if (value instanceof Collection<?> values) {
				plain.put(name, values.stream().map(String::valueOf).toList());
			}
			else if (value instanceof WebAuthenticationDetails details && details.getRemoteAddress() != null) {
				plain.put(AuditEvents.REMOTE_ADDRESS, details.getRemoteAddress());
			}
		});
		return plain;
	}

	private static String truncate(String value, int length) {
		return value.length() <= length ? value : value.substring(0, length);
	}

	/**
	 * What to look for; every criterion is optional.
	 *
	 * @param from the earliest time, inclusive
	 * @param to the latest time, exclusive
	 * @param clientId the {@code client_id} in the event's data
	 * @param principal the event's principal: a user's name, or a client id when no user
	 * was involved
	 * @param type the event's type ({@link AuditEvents})
	 * @param page the page, from 0
	 * @param size events per page, at most 500
	 */
	public record Query(Instant from, Instant to, String clientId, String principal, String type, int page, int size) {
	}

	/**
	 * One page of events, newest first.
	 *
	 * @param more whether a next page has events
	 */
	public record Page(List<AuditEvent> events, int page, int size, boolean more) {
	}

}
