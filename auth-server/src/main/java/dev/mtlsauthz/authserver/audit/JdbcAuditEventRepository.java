package dev.mtlsauthz.authserver.audit;

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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
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
 * Hot-path cost: one {@code INSERT} per recorded event, on the publishing request's
 * thread (Spring's events are synchronous).
 */
public class JdbcAuditEventRepository implements AuditEventRepository {

	private static final Log logger = LogFactory.getLog(JdbcAuditEventRepository.class);

	/** Spring Security's event for an access denied, which is not kept. */
	static final String AUTHORIZATION_FAILURE = "AUTHORIZATION_FAILURE";

	private static final int MAX_DATA_LENGTH = 8000;

	private static final int MAX_PAGE_SIZE = 500;

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
		jdbc.update(
				"INSERT INTO audit_event (event_time, event_type, principal, client_id, data) VALUES (?, ?, ?, ?, ?)",
				Timestamp.from(event.getTimestamp()), truncate(event.getType(), 100),
				truncate(String.valueOf(event.getPrincipal()), 200),
				clientId == null ? null : truncate(clientId.toString(), 200), json);
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
