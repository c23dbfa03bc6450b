package dev.mtlsauthz.authserver.admin;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcOperations;

import dev.mtlsauthz.authserver.account.ConnectedApplications;
import dev.mtlsauthz.authserver.audit.AuditEvents;

/**
 * What a user granted, per client: the consent (the scopes the user agreed to) and the
 * live authorizations (those with an access or refresh token still valid). Revoking a
 * grant deletes both in one transaction ({@link ConnectedApplications#withdraw}), so the
 * user is asked again and the refresh tokens, reference access tokens and ID tokens of
 * those authorizations stop working at once; a JWT access token already issued stays
 * valid until it expires (at most {@code authserver.token-lifetimes.max-access-token}),
 * as with RFC 7009 revocation. Spring Authorization Server's services have no "by user"
 * queries, hence the SQL against their tables, as in {@code clients/ClientDeletion}.
 */
public class GrantAdministration {

	private final JdbcOperations jdbc;

	private final ConnectedApplications applications;

	private final AdminChanges changes;

	private final Clock clock;

	public GrantAdministration(JdbcOperations jdbc, ConnectedApplications applications, AdminChanges changes,
			Clock clock) {
		this.jdbc = jdbc;
		this.applications = applications;
		this.changes = changes;
		this.clock = clock;
	}

	/** The user's grants, one per client, by {@code client_id}. */
	public List<Grant> grants(String username) {
		Map<String, Grant> grants = new LinkedHashMap<>();
		jdbc.query(
				"SELECT c.client_id, c.client_name, a.authorities FROM oauth2_authorization_consent a "
						+ "JOIN oauth2_registered_client c ON c.id = a.registered_client_id WHERE a.principal_name = ?",
				rs -> {
					grants.put(rs.getString(1),
							new Grant(rs.getString(1), rs.getString(2), consentedScopes(rs.getString(3)), 0, null));
				}, username);
		Timestamp now = Timestamp.from(clock.instant());
		jdbc.query("SELECT c.client_id, c.client_name, a.authorized_scopes, a.access_token_expires_at, "
				+ "a.refresh_token_expires_at FROM oauth2_authorization a "
				+ "JOIN oauth2_registered_client c ON c.id = a.registered_client_id WHERE a.principal_name = ? "
				+ "AND (a.access_token_expires_at > ? OR a.refresh_token_expires_at > ?)", rs -> {
					Instant until = latest(rs.getTimestamp(4), rs.getTimestamp(5));
					Grant grant = grants.getOrDefault(rs.getString(1),
							new Grant(rs.getString(1), rs.getString(2), List.of(), 0, null));
					TreeSet<String> scopes = new TreeSet<>(grant.scopes());
					if (grant.scopes().isEmpty() && rs.getString(3) != null) {
						scopes.addAll(Arrays.asList(rs.getString(3).split(",")));
					}
					grants.put(rs.getString(1), new Grant(grant.clientId(), grant.clientName(), List.copyOf(scopes),
							grant.liveAuthorizations() + 1,
							grant.liveUntil() == null || until.isAfter(grant.liveUntil()) ? until : grant.liveUntil()));
				}, username, now, now);
		List<Grant> sorted = new ArrayList<>(grants.values());
		sorted.sort(Comparator.comparing(Grant::clientId));
		return sorted;
	}

	/**
	 * Withdraws the user's consent to the client and revokes every authorization the
	 * client holds for the user, as the user does on the connected applications page
	 * ({@link ConnectedApplications#withdraw}, which audits the withdrawal); the operator
	 * is recorded as an {@link AuditEvents#ADMIN_CHANGE}.
	 * @throws AdminRequestException when the user granted the client nothing
	 */
	public void revoke(String username, String clientId) {
		String id = jdbc
			.queryForList("SELECT id FROM oauth2_registered_client WHERE client_id = ?", String.class, clientId)
			.stream()
			.findFirst()
			.orElse(null);
		if (id == null || !applications.withdraw(username, id)) {
			throw AdminRequestException.notFound("a grant of user " + username + " to client " + clientId);
		}
		changes.record("grant.revoke", username + " " + clientId);
	}

	private static List<String> consentedScopes(String authorities) {
		return Arrays.stream(authorities.split(","))
			.filter(authority -> authority.startsWith("SCOPE_"))
			.map(authority -> authority.substring("SCOPE_".length()))
			.sorted()
			.toList();
	}

	private static Instant latest(Timestamp first, Timestamp second) {
		Instant a = first == null ? Instant.EPOCH : first.toInstant();
		Instant b = second == null ? Instant.EPOCH : second.toInstant();
		return a.isAfter(b) ? a : b;
	}

	/**
	 * A user's grant to one client.
	 *
	 * @param scopes the consented scopes, or those of its authorizations without a
	 * consent (a client that asks for none)
	 * @param liveAuthorizations how many authorizations have a token still valid
	 * @param liveUntil when the last of their tokens expires; {@code null} when none is
	 * live
	 */
	public record Grant(String clientId, String clientName, List<String> scopes, int liveAuthorizations,
			Instant liveUntil) {
	}

}
