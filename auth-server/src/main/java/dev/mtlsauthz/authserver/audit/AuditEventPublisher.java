package dev.mtlsauthz.authserver.audit;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes one audit event ({@link AuditEvents}) as Spring Boot's
 * {@link AuditApplicationEvent}: Spring Boot's {@code AuditListener} keeps it in whatever
 * {@code AuditEventRepository} there is, {@link AuditLog} writes it, the metrics count
 * it. Data without a value are left out.
 */
public final class AuditEventPublisher {

	private final ApplicationEventPublisher events;

	public AuditEventPublisher(ApplicationEventPublisher events) {
		this.events = events;
	}

	/**
	 * @param principal the user's name, or the client id when no user is involved
	 * @param data names and values, alternately ({@link AuditEvents}' data names)
	 */
	public void publish(String type, String principal, Object... data) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i + 1 < data.length; i += 2) {
			if (data[i + 1] != null) {
				values.put((String) data[i], data[i + 1]);
			}
		}
		events.publishEvent(new AuditApplicationEvent(principal != null ? principal : "", type, values));
	}

	/** Scopes as one datum: space separated, sorted, as in a token response. */
	public static String scopes(Collection<String> scopes) {
		return scopes == null || scopes.isEmpty() ? null : String.join(" ", new TreeSet<>(scopes));
	}

}
