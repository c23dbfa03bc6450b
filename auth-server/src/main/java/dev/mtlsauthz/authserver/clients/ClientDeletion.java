package dev.mtlsauthz.authserver.clients;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a client and everything it was granted (RFC 7592 section 2.3): its
 * authorizations, which hold its authorization and device codes and its access, refresh
 * and ID tokens, the consents its users gave it, and its registration. One transaction,
 * so that a client is never left half deleted with a refresh token that still works.
 * Spring Authorization Server's services have no "delete by client", hence the SQL
 * against their tables.
 */
public class ClientDeletion {

	private final JdbcOperations jdbc;

	private final TransactionTemplate transaction;

	public ClientDeletion(JdbcOperations jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
	}

	public void delete(RegisteredClient client) {
		transaction.executeWithoutResult(status -> {
			jdbc.update("DELETE FROM oauth2_authorization WHERE registered_client_id = ?", client.getId());
			jdbc.update("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = ?", client.getId());
			jdbc.update("DELETE FROM oauth2_registered_client WHERE id = ?", client.getId());
		});
	}

}
