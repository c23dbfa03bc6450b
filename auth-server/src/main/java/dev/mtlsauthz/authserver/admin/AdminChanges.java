package dev.mtlsauthz.authserver.admin;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.mtlsauthz.authserver.audit.AuditEventPublisher;
import dev.mtlsauthz.authserver.audit.AuditEvents;

/**
 * Records every change an operator makes as an {@link AuditEvents#ADMIN_CHANGE} event:
 * who (the operator's user name, or the admin client's id), which action and on what.
 */
public class AdminChanges {

	private final AuditEventPublisher audit;

	public AdminChanges(AuditEventPublisher audit) {
		this.audit = audit;
	}

	/**
	 * @param action what was done, e.g. {@code client.update}
	 * @param target what it was done to: a client id, a user name, a key id
	 */
	public void record(String action, String target) {
		audit.publish(AuditEvents.ADMIN_CHANGE, operator(), AuditEvents.ACTION, action, AuditEvents.TARGET, target);
	}

	/**
	 * A change to a client, found among the client's events too (its
	 * {@link AuditEvents#CLIENT_ID}).
	 */
	public void recordClientChange(String action, String clientId) {
		audit.publish(AuditEvents.ADMIN_CHANGE, operator(), AuditEvents.ACTION, action, AuditEvents.TARGET, clientId,
				AuditEvents.CLIENT_ID, clientId);
	}

	private static String operator() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication != null ? authentication.getName() : "system";
	}

}
