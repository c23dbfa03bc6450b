package dev.mtlsauthz.authserver.dpop;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * The HMAC key of DPoP nonces, in table {@code dpop_nonce_key} (V22): the first instance
 * to start makes it, every other reads it, so that a nonce one instance provides is valid
 * on all without any state per nonce. Of two instances starting at once, only one insert
 * succeeds; the other reads the winner's key. Anyone who can read the table can make
 * nonces, which lets them make DPoP proofs ahead of time but never sign one.
 */
final class DatabaseNonceKey {

	private static final String ID = "nonce-hmac";

	private DatabaseNonceKey() {
	}

	static byte[] load(JdbcOperations jdbc) {
		List<String> stored = jdbc.queryForList("SELECT secret FROM dpop_nonce_key WHERE id = ?", String.class, ID);
		if (stored.isEmpty()) {
			byte[] key = new byte[32];
			new SecureRandom().nextBytes(key);
			try {
				jdbc.update("INSERT INTO dpop_nonce_key (id, secret) VALUES (?, ?)", ID,
						Base64.getEncoder().encodeToString(key));
				return key;
			}
			catch (DuplicateKeyException ex) {
				stored = jdbc.queryForList("SELECT secret FROM dpop_nonce_key WHERE id = ?", String.class, ID);
			}
		}
		return Base64.getDecoder().decode(stored.get(0));
	}

}
