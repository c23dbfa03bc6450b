package dev.mtlsauthz.dpop;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * The {@code jti} of accepted DPoP proofs in the database, table {@code dpop_proof_jti},
 * so that every instance on it sees them: a proof is accepted once, by one instance,
 * because the hash of its {@code jti} is the table's primary key and only one insert of
 * it can succeed. The table (see {@code README.md}, "DPoP"):
 *
 * <pre>
 * CREATE TABLE dpop_proof_jti (
 *     jti_hash   VARCHAR(64) NOT NULL PRIMARY KEY,
 *     expires_at TIMESTAMP   NOT NULL
 * );
 * CREATE INDEX dpop_proof_jti_expiry ON dpop_proof_jti (expires_at);
 * </pre>
 *
 * Rows are deleted once expired by {@link #purge()}: inline, by the first request of an
 * instance after each {@code purgeInterval}, or by the application's own schedule when
 * {@code purgeInterval} is zero.
 */
public class JdbcDpopProofReplayCache implements DpopProofReplayCache {

	private final JdbcOperations jdbc;

	private final Duration purgeInterval;

	private final Clock clock;

	private final AtomicLong lastPurge;

	public JdbcDpopProofReplayCache(JdbcOperations jdbc, Duration purgeInterval, Clock clock) {
		this.jdbc = jdbc;
		this.purgeInterval = purgeInterval;
		this.clock = clock;
		this.lastPurge = new AtomicLong(clock.millis());
	}

	/**
	 * Fails when the table is missing, so that an application finds out at start rather
	 * than on its first DPoP request.
	 */
	public JdbcDpopProofReplayCache checkTable() {
		try {
			jdbc.queryForObject("SELECT COUNT(*) FROM dpop_proof_jti WHERE 1 = 0", Long.class);
			return this;
		}
		catch (DataAccessException ex) {
			throw new IllegalStateException("The DPoP replay cache needs table dpop_proof_jti (see the DPoP section of "
					+ "certificate-binding's README), or set mtls-authz.resource-server.dpop.replay-cache=in-memory",
					ex);
		}
	}

	@Override
	public boolean firstUse(String jti, Instant rememberUntil) {
		purgeIfDue();
		try {
			jdbc.update("INSERT INTO dpop_proof_jti (jti_hash, expires_at) VALUES (?, ?)",
					DpopProofReplayCache.hash(jti), Timestamp.from(rememberUntil));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** Forgets the proofs too old to be accepted again; returns how many. */
	public int purge() {
		return jdbc.update("DELETE FROM dpop_proof_jti WHERE expires_at < ?", Timestamp.from(clock.instant()));
	}

	private void purgeIfDue() {
		if (purgeInterval.isZero()) {
			return;
		}
		long now = clock.millis();
		long last = lastPurge.get();
		if (now - last >= purgeInterval.toMillis() && lastPurge.compareAndSet(last, now)) {
			purge();
		}
	}

}
