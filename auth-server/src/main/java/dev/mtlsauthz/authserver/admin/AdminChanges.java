package dev.mtlsauthz.authserver.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.mtlsauthz.authserver.audit.AuditEvents;

/**
 * Records every change an operator makes as an {@link AuditEvents#ADMIN_CHANGE} event:
 * who (the operator's user name, or the admin client's id), which action and on what.
 */
public class AdminChanges {

	private final ApplicationEventPublisher events;

	public AdminChanges(ApplicationEventPublisher events) {
		this.events = events;
	}

	/**
	 * @param action what was done, e.g. {@code client.update}
	 * @param target what it was done to: a client id, a user name, a key id
	 */
	public void record(String action, String target) {
		publish(operator(), AuditEvents.ADMIN_CHANGE, Map.of(AuditEvents.ACTION, action, AuditEvents.TARGET, target));
	}

	/**
	 * A change to a client, found among the client's events too (its
	 * {@link AuditEvents#CLIENT_ID}).
	 */
	public void recordClientChange(String action, String clientId) {
		publish(operator(), AuditEvents.ADMIN_CHANGE,
				Map.of(AuditEvents.ACTION, action, AuditEvents.TARGET, clientId, AuditEvents.CLIENT_ID, clientId));
	}

	/**
	 * A user's consent to a client withdrawn by an operator: a
	 * {@link AuditEvents#CONSENT_WITHDRAWN} event of the user, naming the operator.
	 */
	public void consentWithdrawn(String user, String clientId) {
		publish(user, AuditEvents.CONSENT_WITHDRAWN, Map.of(AuditEvents.USER, user, AuditEvents.CLIENT_ID, clientId,
				AuditEvents.REASON, "withdrawn by operator " + operator()));
	}

	private void publish(String principal, String type, Map<String, Object> data) {
		events.publishEvent(new AuditApplicationEvent(principal, type, new LinkedHashMap<>(data)));
	}

	private static String operator() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null ? authentication.getName() : "system";
	}

}
