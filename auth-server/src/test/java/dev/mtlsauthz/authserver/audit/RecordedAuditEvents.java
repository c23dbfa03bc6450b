package dev.mtlsauthz.authserver.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit events of a test's server, kept in memory: Spring Boot's
 * {@code AuditListener} stores every published event into it. Tests only: the server's
 * own repository is the database's.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RecordedAuditEvents {

	@Bean
	InMemoryAuditEventRepository auditEventRepository() {
		return new InMemoryAuditEventRepository(10_000);
	}

	/**
	 * The one event of {@code type} for {@code principal} since {@code after} whose data
	 * contain {@code expected}.
	 */
	public static AuditEvent single(InMemoryAuditEventRepository events, String principal, Instant after, String type,
			Map<String, Object> expected) {
		List<AuditEvent> found = events.find(principal, after, type)
			.stream()
			.filter(event -> event.getData().entrySet().containsAll(expected.entrySet()))
			.toList();
		assertThat(found).as("%s events of %s with %s", type, principal, expected).hasSize(1);
		return found.get(0);
	}

}
