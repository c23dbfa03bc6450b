package dev.mtlsauthz.authserver.audit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit events a running server publishes while a test runs, and the lines its audit
 * logger writes, each as Spring Boot's structured logging writes it in the ECS format
 * ({@code logging.structured.format.console: ecs}). Added to and removed from the shared
 * test server around each test, so that the server's own audit repository (whatever it
 * is) is left alone.
 */
public final class RecordedAuditEvents implements ApplicationListener<AuditApplicationEvent>, AutoCloseable {

	private final Queue<AuditEvent> events = new ConcurrentLinkedQueue<>();

	private final ConfigurableApplicationContext context;

	private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);

	public RecordedAuditEvents(ConfigurableApplicationContext context) {
		this.context = context;
		context.addApplicationListener(this);
		lines.setContext(logger.getLoggerContext());
		lines.start();
		logger.addAppender(lines);
	}

	@Override
	public void onApplicationEvent(AuditApplicationEvent event) {
		events.add(event.getAuditEvent());
	}

	@Override
	public void close() {
		context.removeApplicationListener(this);
		logger.detachAppender(lines);
	}

	/**
	 * The one event of {@code type} for {@code principal} whose data contain
	 * {@code expected}.
	 */
	public AuditEvent single(String principal, String type, Map<String, Object> expected) {
		List<AuditEvent> found = all(principal, type).stream()
			.filter(event -> event.getData().entrySet().containsAll(expected.entrySet()))
			.toList();
		assertThat(found).as("%s events of %s with %s in %s", type, principal, expected, events).hasSize(1);
		return found.get(0);
	}

	public List<AuditEvent> all(String principal, String type) {
		return events.stream()
			.filter(event -> event.getPrincipal().equals(principal) && event.getType().equals(type))
			.toList();
	}

	/** Every audit log line written so far, as the plain console shows it. */
	public List<String> lines() {
		return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

	/**
	 * The audit log line written for {@code event}, as the ECS structured format writes
	 * it.
	 */
	public String jsonLine(AuditEvent event) {
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
		encoder.setFormat("ecs");
		encoder.start();
		return lines.list.stream()
			.filter(line -> line.getFormattedMessage()
				.startsWith(event.getType() + " principal=" + event.getPrincipal())
					&& event.getData()
						.values()
						.stream()
						.allMatch(value -> line.getFormattedMessage().contains("=" + value)))
			.map(line -> new String(encoder.encode(line), StandardCharsets.UTF_8))
			.reduce((first, second) -> {
				throw new AssertionError("Two audit log lines for " + event + ": " + first + second);
			})
			.orElseThrow(() -> new AssertionError("No audit log line for " + event));
	}

}
