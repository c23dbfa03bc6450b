package dev.mtlsauthz.authserver.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.support.TransactionOperations;

import dev.mtlsauthz.authserver.audit.AuditEventPublisher;
import dev.mtlsauthz.authserver.audit.AuditEvents;

/**
 * The applications a user has connected: those holding the user's consent, or an
 * authorization with a token that has not expired (an access or refresh token), read from
 * the database every time, so that every instance shows the same. Withdrawing one removes
 * the consent (the consent service publishes {@link AuditEvents#CONSENT_WITHDRAWN}) and
 * every authorization of the user for that application: its refresh tokens and reference
 * access tokens stop working at once, and so does the userinfo endpoint for its JWT
 * access tokens, which resource servers accept until they expire.
 */
public class ConnectedApplications {

	private final JdbcOperations jdbc;

	private final TransactionOperations transactions;

	private final RegisteredClientRepository clients;

	private final OAuth2AuthorizationConsentService consents;

	private final OAuth2AuthorizationService authorizations;

	private final AuditEventPublisher audit;

	private final Clock clock;

	ConnectedApplications(JdbcOperations jdbc, TransactionOperations transactions, RegisteredClientRepository clients,
			OAuth2AuthorizationConsentService consents, OAuth2AuthorizationService authorizations,
			AuditEventPublisher audit, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clients = clients;
		this.consents = consents;
		this.authorizations = authorizations;
		this.audit = audit;
		this.clock = clock;
	}

	/** The user's connected applications, by name. */
	public List<ConnectedApplication> of(String user) {
		Map<String, Set<String>> scopes = new TreeMap<>();
		jdbc.query(
				"SELECT registered_client_id, authorities FROM oauth2_authorization_consent WHERE principal_name = ?",
				row -> {
					scopes.put(row.getString(1), scopes(row.getString(2)));
				}, user);
		Map<String, Integer> live = new TreeMap<>();
		Timestamp now = Timestamp.from(clock.instant());
		jdbc.query("SELECT registered_client_id, COUNT(*) FROM oauth2_authorization WHERE principal_name = ? "
				+ "AND (access_token_expires_at > ? OR refresh_token_expires_at > ?) GROUP BY registered_client_id",
				row -> {
					live.put(row.getString(1), row.getInt(2));
				}, user, now, now);
		Set<String> ids = new TreeSet<>(scopes.keySet());
		ids.addAll(live.keySet());
		List<ConnectedApplication> applications = new ArrayList<>();
		for (String id : ids) {
			RegisteredClient client = clients.findById(id);
			applications.add(new ConnectedApplication(id, client != null ? client.getClientName() : id,
					scopes.getOrDefault(id, Set.of()), live.getOrDefault(id, 0)));
		}
		applications.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
		return applications;
	}

	/**
	 * Removes the user's consent to the application and every authorization of the user
	 * for it.
	 * @return whether the application held anything
	 */
	public boolean withdraw(String user, String registeredClientId) {
		Boolean withdrawn = transactions.execute(status -> {
			OAuth2AuthorizationConsent consent = consents.findById(registeredClientId, user);
			List<String> ids = jdbc.queryForList(
					"SELECT id FROM oauth2_authorization WHERE principal_name = ? AND registered_client_id = ?",
					String.class, user, registeredClientId);
			for (String id : ids) {
				OAuth2Authorization authorization = authorizations.findById(id);
				if (authorization != null) {
					authorizations.remove(authorization);
				}
			}
			if (consent != null) {
				consents.remove(consent);
			}
			else if (!ids.isEmpty()) {
				RegisteredClient client = clients.findById(registeredClientId);
				audit.publish(AuditEvents.CONSENT_WITHDRAWN, user, AuditEvents.CLIENT_ID,
						client != null ? client.getClientId() : registeredClientId, AuditEvents.USER, user);
			}
			return consent != null || !ids.isEmpty();
		});
		return Boolean.TRUE.equals(withdrawn);
	}

	private static Set<String> scopes(String authorities) {
		Set<String> scopes = new TreeSet<>();
		for (String authority : authorities.split(",")) {
			if (authority.startsWith("SCOPE_")) {
				scopes.add(authority.substring("SCOPE_".length()));
			}
		}
		return scopes;
	}

	/**
	 * An application the user connected: the scopes it holds the user's consent to, and
	 * how many of its authorizations still have a live token.
	 */
	public record ConnectedApplication(String id, String name, Set<String> scopes, int liveAuthorizations) {

	}

}
