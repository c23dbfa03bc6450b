package dev.mtlsauthz.authserver.admin;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

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
 * as with RFC 7009 revocation.
 */
public class GrantAdministration {

	private final JdbcOperations jdbc;

	private final ConnectedApplications applications;

	private final AdminChanges changes;

	public GrantAdministration(JdbcOperations jdbc, ConnectedApplications applications, AdminChanges changes) {
		this.jdbc = jdbc;
		this.applications = applications;
		this.changes = changes;
	}

	/**
	 * The user's grants, one per client, by {@code client_id}: the user's connected
	 * applications ({@link ConnectedApplications#of}).
	 */
	public List<Grant> grants(String username) {
		return applications.of(username)
			.stream()
			.map(application -> new Grant(application.clientId(), application.name(),
					List.copyOf(application.scopes().isEmpty() ? application.authorizedScopes() : application.scopes()),
					application.liveAuthorizations(), application.liveUntil()))
			.sorted(Comparator.comparing(Grant::clientId))
			.toList();
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
