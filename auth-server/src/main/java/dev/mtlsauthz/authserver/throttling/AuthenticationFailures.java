package dev.mtlsauthz.authserver.throttling;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The failure counts of the throttling keys, in the {@code authentication_failure} table,
 * so that every instance of the server counts and locks out together; nothing is kept in
 * memory.
 * <ul>
 * <li>Reading the counts of an attempt's keys is one statement by primary key.</li>
 * <li>A failure is counted in one transaction that locks the attempt's rows
 * ({@code SELECT ... FOR UPDATE}, in key order, so that two instances never wait for each
 * other crosswise) and writes the new counts. Two instances counting the same key at once
 * both count: one waits for the other's lock, and one that finds the row inserted by the
 * other meanwhile starts again.</li>
 * <li>Rows whose count has been forgotten are deleted by {@link #purge}.</li>
 * </ul>
 */
public class AuthenticationFailures {

	private static final Log logger = LogFactory.getLog(AuthenticationFailures.class);

	private static final String COLUMNS = "SELECT throttle_key, failures, locked_until, expires_at "
			+ "FROM authentication_failure WHERE throttle_key IN ";

	private static final int TRANSACTION_ATTEMPTS = 3;

	private static final int PURGE_BATCH = 1000;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ThrottlePolicy policy;

	private final Clock clock;

	public AuthenticationFailures(JdbcTemplate jdbc, PlatformTransactionManager transactions, ThrottlePolicy policy,
			Clock clock) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.policy = policy;
		this.clock = clock;
	}

	Instant now() {
		return clock.instant();
	}

	/** The stored counts of these keys, by key hash; keys never counted are absent. */
	Map<String, FailureCount> counts(List<ThrottleKey> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		return read(COLUMNS + placeholders(keys.size()), keys);
	}

	/**
	 * Counts one failure under the attempt's keys. The account's count from any address
	 * grows only while this address has not reached its own limit for the account, so
	 * that one address adds at most that many failures to it. A count that cannot be
	 * written is logged, never thrown: the attempt has failed already, and its answer
	 * must stay the same.
	 */
	void failed(ThrottleKeys keys) {
		for (int attempt = 1;; attempt++) {
			try {
				transactions.executeWithoutResult(status -> count(keys));
				return;
			}
			catch (DuplicateKeyException | TransientDataAccessException ex) {
				if (attempt == TRANSACTION_ATTEMPTS) {
					logger.warn("A failed authentication was not counted after " + attempt + " attempts: " + ex);
					return;
				}
			}
			catch (DataAccessException ex) {
				logger.warn("A failed authentication was not counted: " + ex);
				return;
			}
		}
	}

	/** Forgets a key's failures, after its account signed in from its address. */
	void forget(ThrottleKey key) {
		jdbc.update("DELETE FROM authentication_failure WHERE throttle_key = ?", key.hash());
	}

	/** Deletes the rows whose count is forgotten; returns how many. */
	public int purge() {
		OffsetDateTime now = timestamp(clock.instant());
		int deleted = 0;
		List<String> batch;
		do {
			batch = jdbc.queryForList("SELECT throttle_key FROM authentication_failure WHERE expires_at <= ? "
					+ "FETCH FIRST " + PURGE_BATCH + " ROWS ONLY", String.class, now);
			if (!batch.isEmpty()) {
				// The expiry is checked again: a failure may have revived the row
				// meanwhile.
				jdbc.batchUpdate("DELETE FROM authentication_failure WHERE throttle_key = ? AND expires_at <= ?",
						batch.stream().map(key -> new Object[] { key, now }).toList());
			}
			deleted += batch.size();
		}
		while (batch.size() == PURGE_BATCH);
		return deleted;
	}

	private void count(ThrottleKeys keys) {
		List<ThrottleKey> all = keys.all();
		Map<String, FailureCount> locked = read(
				COLUMNS + placeholders(all.size()) + " ORDER BY throttle_key FOR UPDATE", all);
		Instant now = clock.instant();
		boolean countsForIdentity = true;
		if (keys.identityAndAddress() != null) {
			FailureCount pair = locked.get(keys.identityAndAddress().hash());
			countsForIdentity = pair == null || pair.failuresAt(now) < policy.failuresPerIdentityAndAddress();
			write(keys.identityAndAddress(), pair, now, policy.failuresPerIdentityAndAddress());
		}
		if (keys.identity() != null && countsForIdentity) {
			write(keys.identity(), locked.get(keys.identity().hash()), now, policy.failuresPerIdentity());
		}
		if (keys.address() != null) {
			write(keys.address(), locked.get(keys.address().hash()), now, policy.failuresPerAddress());
		}
	}

	private void write(ThrottleKey key, FailureCount current, Instant now, int limit) {
		FailureCount next = FailureCount.after(current, now, limit, policy);
		OffsetDateTime lockedUntil = next.lockedUntil() != null ? timestamp(next.lockedUntil()) : null;
		if (current != null) {
			jdbc.update(
					"UPDATE authentication_failure SET failures = ?, locked_until = ?, expires_at = ? "
							+ "WHERE throttle_key = ?",
					next.failures(), lockedUntil, timestamp(next.expiresAt()), key.hash());
		}
		else {
			jdbc.update(
					"INSERT INTO authentication_failure (throttle_key, key_kind, failures, locked_until, expires_at) "
							+ "VALUES (?, ?, ?, ?, ?)",
					key.hash(), key.kind(), next.failures(), lockedUntil, timestamp(next.expiresAt()));
		}
	}

	private Map<String, FailureCount> read(String sql, List<ThrottleKey> keys) {
		Map<String, FailureCount> counts = new HashMap<>();
		jdbc.query(sql, (ResultSet row) -> {
			counts.put(row.getString("throttle_key"), count(row));
		}, keys.stream().map(ThrottleKey::hash).toArray());
		return counts;
	}

	private static FailureCount count(ResultSet row) throws SQLException {
		OffsetDateTime lockedUntil = row.getObject("locked_until", OffsetDateTime.class);
		return new FailureCount(row.getInt("failures"), lockedUntil != null ? lockedUntil.toInstant() : null,
				row.getObject("expires_at", OffsetDateTime.class).toInstant());
	}

	private static String placeholders(int count) {
		return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
