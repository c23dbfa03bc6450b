package dev.mtlsauthz.authserver.clients;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * The client assertions (RFC 7523) already accepted, until they expire, in the database
 * ({@code client_assertion_jti}, V13) so that every instance of the server sees them: an
 * assertion is accepted once, by one instance, because its {@code (client_id, jti)} is
 * the table's primary key and only one insert of it can succeed. Rows are purged once
 * expired ({@link #purge}); an expired assertion is refused by its {@code exp} anyway.
 */
public class UsedClientAssertions {

	private final JdbcOperations jdbc;

	private final Clock clock;

	public UsedClientAssertions(JdbcOperations jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records the assertion as used.
	 * @param rememberUntil when the assertion can no longer be accepted (its {@code exp}
	 * plus the clock skew allowed)
	 * @return whether this is its first use; {@code false} for a replay
	 */
	public boolean firstUse(String clientId, String jti, Instant rememberUntil) {
		try {
			jdbc.update("INSERT INTO client_assertion_jti (client_id, jti_hash, expires_at) VALUES (?, ?, ?)", clientId,
					hash(jti), Timestamp.from(rememberUntil));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Forgets the assertions that have expired; run every
	 * {@code authserver.purge.interval}.
	 */
	public int purge() {
		return jdbc.update("DELETE FROM client_assertion_jti WHERE expires_at < ?", Timestamp.from(clock.instant()));
	}

	private static String hash(String jti) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(jti.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
