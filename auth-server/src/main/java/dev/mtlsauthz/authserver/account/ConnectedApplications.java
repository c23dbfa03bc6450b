package dev.mtlsauthz.authserver.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
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

	private final AuditEventPublisher audit;

	private final Clock clock;

	ConnectedApplications(JdbcOperations jdbc, TransactionOperations transactions, RegisteredClientRepository clients,
			OAuth2AuthorizationConsentService consents, AuditEventPublisher audit, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clients = clients;
		this.consents = consents;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * The user's connected applications, by name. Spring Authorization Server's services
	 * have no "by user" queries, hence the SQL against their tables.
	 */
	public List<ConnectedApplication> of(String user) {
		Map<String, ConnectedApplication> applications = new HashMap<>();
		jdbc.query(
				"SELECT c.id, c.client_id, c.client_name, a.authorities FROM oauth2_authorization_consent a "
						+ "JOIN oauth2_registered_client c ON c.id = a.registered_client_id WHERE a.principal_name = ?",
				row -> {
					applications.put(row.getString(1), new ConnectedApplication(row.getString(1), row.getString(2),
							row.getString(3), scopes(row.getString(4)), Set.of(), 0, null));
				}, user);
		Timestamp now = Timestamp.from(clock.instant());
		jdbc.query("SELECT c.id, c.client_id, c.client_name, a.authorized_scopes, a.access_token_expires_at, "
				+ "a.refresh_token_expires_at FROM oauth2_authorization a "
				+ "JOIN oauth2_registered_client c ON c.id = a.registered_client_id WHERE a.principal_name = ? "
				+ "AND (a.access_token_expires_at > ? OR a.refresh_token_expires_at > ?)", row -> {
					ConnectedApplication application = applications.getOrDefault(row.getString(1),
							new ConnectedApplication(row.getString(1), row.getString(2), row.getString(3), Set.of(),
									Set.of(), 0, null));
					applications.put(row.getString(1), application.withLiveAuthorization(row.getString(4),
							latest(row.getTimestamp(5), row.getTimestamp(6))));
				}, user, now, now);
		List<ConnectedApplication> sorted = new ArrayList<>(applications.values());
		sorted.sort(Comparator.comparing(ConnectedApplication::name, String.CASE_INSENSITIVE_ORDER));
		return sorted;
	}

	/**
	 * Removes the user's consent to the application and every authorization of the user
	 * for it.
	 * @return whether the application held anything
	 */
	public boolean withdraw(String user, String registeredClientId) {
		Boolean withdrawn = transactions.execute(status -> {
			OAuth2AuthorizationConsent consent = consents.findById(registeredClientId, user);
			// The authorization service removes one by id (a DELETE): one statement for
			// all
			int removed = jdbc.update(
					"DELETE FROM oauth2_authorization WHERE principal_name = ? AND registered_client_id = ?", user,
					registeredClientId);
			if (consent != null) {
				consents.remove(consent);
			}
			else if (removed > 0) {
				RegisteredClient client = clients.findById(registeredClientId);
				audit.publish(AuditEvents.CONSENT_WITHDRAWN, user, AuditEvents.CLIENT_ID,
						client != null ? client.getClientId() : registeredClientId, AuditEvents.USER, user);
			}
			return consent != null || removed > 0;
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

	private static Instant latest(Timestamp first, Timestamp second) {
		Instant a = first == null ? Instant.EPOCH : first.toInstant();
		Instant b = second == null ? Instant.EPOCH : second.toInstant();
		return a.isAfter(b) ? a : b;
	}

	/**
	 * An application the user connected.
	 *
	 * @param id the client's registration id
	 * @param clientId its {@code client_id}
	 * @param name its {@code client_name}, or its {@code client_id} when it has none
	 * @param scopes the scopes it holds the user's consent to
	 * @param authorizedScopes the scopes of its live authorizations
	 * @param liveAuthorizations how many of its authorizations still have a live token
	 * @param liveUntil when the last of their tokens expires; {@code null} when none is
	 * live
	 */
	public record ConnectedApplication(String id, String clientId, String name, Set<String> scopes,
			Set<String> authorizedScopes, int liveAuthorizations, Instant liveUntil) {

		public ConnectedApplication {
			name = name != null ? name : clientId;
		}

		ConnectedApplication withLiveAuthorization(String authorizedScopes, Instant until) {
			Set<String> union = new TreeSet<>(this.authorizedScopes);
			if (authorizedScopes != null && !authorizedScopes.isBlank()) {
				union.addAll(Arrays.asList(authorizedScopes.split(",")));
			}
			return new ConnectedApplication(id, clientId, name, scopes, union, liveAuthorizations + 1,
					liveUntil == null || until.isAfter(liveUntil) ? until : liveUntil);
		}

	}

}
