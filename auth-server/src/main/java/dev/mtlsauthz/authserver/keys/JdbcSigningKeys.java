package dev.mtlsauthz.authserver.keys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The signing keys in the database ({@code oauth2_signing_key}, migrations V1 and V10):
 * each key's state and times, its public JWK in clear, and its private JWK encrypted
 * ({@link KeyEncryptionKeys}). Changes to the key set are made only inside
 * {@link #locked}, which holds the row lock of {@code oauth2_signing_key_lock} for one
 * transaction, so that instances of a cluster decide one after the other; unique indexes
 * (one active and one next key per algorithm) back the lock up.
 */
class JdbcSigningKeys {

	private static final String COLUMNS = "kid, algorithm, state, public_jwk, private_jwk, kek_id, jwk, created_at, "
			+ "activates_at, retired_at, removes_at";

	private static final int LOCK_ATTEMPTS = 30;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	JdbcSigningKeys(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
	}

	List<Row> findAll() {
		return jdbc.query("SELECT " + COLUMNS + " FROM oauth2_signing_key ORDER BY created_at, kid",
				JdbcSigningKeys::row);
	}

	/**
	 * Runs {@code work} in one transaction that holds the key set's lock: on PostgreSQL
	 * and H2 alike, {@code SELECT ... FOR UPDATE} of the one row of
	 * {@code oauth2_signing_key_lock} makes every other instance wait until this one
	 * commits.
	 */
	<T> T locked(Supplier<T> work) {
		for (int attempt = 1;; attempt++) {
			try {
				return transactions.execute(status -> {
					jdbc.queryForObject("SELECT id FROM oauth2_signing_key_lock WHERE id = 1 FOR UPDATE",
							Integer.class);
					return work.get();
				});
			}
			catch (TransientDataAccessException ex) {
				// H2 gives up waiting for a lock after 2 s (PostgreSQL waits): another
				// instance is generating a key, which can take longer on a busy machine.
				if (attempt == LOCK_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	void insert(Row row) {
		SigningKey key = row.key();
		jdbc.update("INSERT INTO oauth2_signing_key (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				key.kid(), key.algorithm().getName(), key.state().value(), row.publicJwk(), row.privateJwk(),
				row.kekId(), row.plaintextJwk(), timestamp(key.createdAt()), timestamp(key.activatesAt()),
				timestamp(key.retiredAt()), timestamp(key.removesAt()));
	}

	/** Writes everything but the key's id, algorithm and creation time. */
	void update(Row row) {
		SigningKey key = row.key();
		jdbc.update(
				"UPDATE oauth2_signing_key SET state = ?, public_jwk = ?, private_jwk = ?, kek_id = ?, jwk = ?, "
						+ "activates_at = ?, retired_at = ?, removes_at = ? WHERE kid = ?",
				key.state().value(), row.publicJwk(), row.privateJwk(), row.kekId(), row.plaintextJwk(),
				timestamp(key.activatesAt()), timestamp(key.retiredAt()), timestamp(key.removesAt()), key.kid());
	}

	void delete(String kid) {
		jdbc.update("DELETE FROM oauth2_signing_key WHERE kid = ?", kid);
	}

	private static Row row(ResultSet rs, int index) throws SQLException {
		SigningKey key = new SigningKey(rs.getString("kid"), SigningAlgorithm.of(rs.getString("algorithm")),
				SigningKeyState.of(rs.getString("state")), instant(rs.getTimestamp("created_at")),
				instant(rs.getTimestamp("activates_at")), instant(rs.getTimestamp("retired_at")),
				instant(rs.getTimestamp("removes_at")));
		return new Row(key, rs.getString("public_jwk"), rs.getString("private_jwk"), rs.getString("kek_id"),
				rs.getString("jwk"));
	}

	private static Timestamp timestamp(Instant instant) {
		return instant != null ? Timestamp.from(instant) : null;
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp != null ? timestamp.toInstant() : null;
	}

	/**
	 * A stored key.
	 *
	 * @param key its state and times
	 * @param publicJwk its public JWK, published in the JWK Set
	 * @param privateJwk its private JWK encrypted as a compact JWE
	 * @param kekId the id of the key-encryption key of {@code privateJwk}
	 * @param plaintextJwk the private JWK in clear, as versions before V10 stored it;
	 * encrypted and cleared by the next rotation check
	 */
	record Row(SigningKey key, String publicJwk, String privateJwk, String kekId, String plaintextJwk) {

		Row with(SigningKey changed) {
			return new Row(changed, publicJwk, privateJwk, kekId, plaintextJwk);
		}

	}

}
