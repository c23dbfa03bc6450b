package dev.mtlsauthz.authserver.audit;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * Writes every audit event as one log line of the logger {@value #LOGGER}, whoever
 * published it. The event's type, principal and each of its data are key-value pairs of
 * the line ({@code audit.type}, {@code audit.principal}, {@code audit.client_id}, ...),
 * which Spring Boot's structured logging writes as JSON fields
 * ({@code logging.structured.format.console: ecs}, {@code logstash} or {@code gelf}); the
 * plain console shows the same in the message. Nothing else is written, and the events
 * carry nothing secret ({@link AuditEvents}); Spring Boot's {@code AUTHORIZATION_FAILURE}
 * events are not written (nor kept, {@link JdbcAuditEventRepository}).
 */
class AuditLog implements ApplicationListener<AuditApplicationEvent> {

	/** The logger of audit lines, to route or silence them on their own. */
	static final String LOGGER = "dev.mtlsauthz.audit";

	private static final Logger log = LoggerFactory.getLogger(LOGGER);

	private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

	@Override
	public void onApplicationEvent(AuditApplicationEvent applicationEvent) {
		if (!log.isInfoEnabled()) {
			return;
		}
		AuditEvent event = applicationEvent.getAuditEvent();
		if (JdbcAuditEventRepository.AUTHORIZATION_FAILURE.equals(event.getType())) {
			// Spring Boot's, for each anonymous request to a page behind the sign-in:
			// not an event of ours, and its details hold the session id
			return;
		}
		Map<String, Object> data = new TreeMap<>(event.getData());
		LoggingEventBuilder line = log.atInfo()
			.addKeyValue("audit.type", event.getType())
			.addKeyValue("audit.principal", event.getPrincipal());
		StringBuilder message = new StringBuilder(event.getType()).append(" principal=")
			.append(printable(event.getPrincipal()));
		data.forEach((name, value) -> {
			line.addKeyValue("audit." + name, String.valueOf(value));
			message.append(' ').append(name).append('=').append(printable(String.valueOf(value)));
		});
		line.log(message.toString());
	}

	/**
	 * A value as the plain console may show it: a client id or user name comes from the
	 * request, and a line break in it would forge a log line (JSON formats escape it).
	 */
	private static String printable(String value) {
		return value == null ? null : CONTROL.matcher(value).replaceAll("?");
	}

}
