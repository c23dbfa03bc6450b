package dev.mtlsauthz.authserver.cluster;

import java.util.function.Supplier;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Work that one instance at a time may do, such as seeding clients and users at start:
 * instances started together on an empty database would otherwise each find a client
 * missing and each insert it, and all but one would fail to start on the unique
 * {@code client_id}. The work runs in one transaction that first takes a PostgreSQL
 * transaction-level advisory lock ({@code pg_advisory_xact_lock}) named after it: the
 * other instances wait for the commit and then find what the first one wrote. The lock is
 * released with the transaction, also when the instance dies. On an embedded database,
 * which one instance alone opens, the transaction is all there is.
 */
public class ClusterLock {

	private final JdbcOperations jdbc;

	private final TransactionTemplate transaction;

	private final boolean postgresql;

	/**
	 * @param postgresql whether the database is PostgreSQL, which alone serves several
	 * instances
	 */
	public ClusterLock(JdbcOperations jdbc, PlatformTransactionManager transactions, boolean postgresql) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.postgresql = postgresql;
	}

	/** Runs the work while no other instance runs work of the same name. */
	public void runExclusively(String name, Runnable work) {
		callExclusively(name, () -> {
			work.run();
			return null;
		});
	}

	/**
	 * Runs the work while no other instance runs work of the same name; returns its
	 * result.
	 */
	public <T> T callExclusively(String name, Supplier<T> work) {
		return transaction.execute(status -> {
			if (postgresql) {
				jdbc.queryForList("SELECT pg_advisory_xact_lock(?)", key(name));
			}
			return work.get();
		});
	}

	/**
	 * The advisory lock's 64-bit key: the name's hash in the high half, tagged in the low
	 * half.
	 */
	private static long key(String name) {
		return ((long) name.hashCode() << 32) | 0x6d746c73L;
	}

}
