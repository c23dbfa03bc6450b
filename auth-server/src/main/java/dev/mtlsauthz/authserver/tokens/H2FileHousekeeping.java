package dev.mtlsauthz.authserver.tokens;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * Keeps the default H2 file from growing without bound. With {@code WRITE_DELAY=0} (each
 * commit written before the statement returns, what makes a returned token survive
 * {@code kill -9}) H2 runs no background writer, and that writer is also what frees the
 * chunks no longer used and compacts the file: without it the file grew by about 25 kB
 * per token for as long as the process ran (1.4 GB after 60,000 inserts of 2 kB rows).
 * This task does that work every {@code authserver.purge.housekeeping-interval}: drops
 * unused chunks and rewrites sparse ones, as H2's writer would. With
 * {@code RETENTION_TIME=0} (in the default URL) freed space is reused at once, which is
 * safe against a process crash (the operating system keeps what was written) and no
 * weaker against a power loss than {@code WRITE_DELAY=0} without {@code fsync} already
 * is; the file then stays near its live data (about 150 MB for 5,000 live 2 kB rows
 * inserted at 2,500 per second, against 2.5 GB without).
 *
 * <p>
 * Per instance and safe to lose: it touches only the local file. Cost: about one
 * compaction pass per second on a background thread while the database is written to; a
 * pass with no commit since the previous one ends after one comparison (nothing can have
 * been freed or grown meanwhile), so an idle server does no housekeeping.
 */
final class H2FileHousekeeping implements Runnable {

	/** Rewrite chunks less than half full, up to 16 MB a pass, as H2's writer does. */
	private static final int TARGET_FILL_RATE = 50;

	private static final int WRITE_LIMIT = 16 << 20;

	private static final Log logger = LogFactory.getLog(H2FileHousekeeping.class);

	private final DataSource dataSource;

	private MVStore store;

	/** The store's version when the last pass ended; -1 before the first. */
	private long housekeptVersion = -1;

	H2FileHousekeeping(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	static boolean appliesTo(String url) {
		return url != null && url.startsWith("jdbc:h2:file:") && url.toUpperCase().contains("WRITE_DELAY=0");
	}

	@Override
	public void run() {
		housekeep();
	}

	/**
	 * One pass; whether it looked at the file (false: idle since the last, or no store).
	 */
	boolean housekeep() {
		try {
			MVStore current = store();
			if (current == null || current.isClosed() || current.getCurrentVersion() == this.housekeptVersion) {
				return false;
			}
			current.getFileStore().dropUnusedChunks();
			current.compact(TARGET_FILL_RATE, WRITE_LIMIT);
			this.housekeptVersion = current.getCurrentVersion();
			return true;
		}
		catch (SQLException | RuntimeException ex) {
			// MVStoreException: the store was closed or replaced (shutdown, a restart):
			// look it up again next time
			this.store = null;
			this.housekeptVersion = -1;
			logger.debug("H2 housekeeping skipped", ex);
			return false;
		}
	}

	private MVStore store() throws SQLException {
		if (this.store == null || this.store.isClosed()) {
			try (Connection connection = this.dataSource.getConnection()) {
				if (!connection.isWrapperFor(JdbcConnection.class)) {
					return null;
				}
				JdbcConnection h2 = connection.unwrap(JdbcConnection.class);
				this.store = (h2.getSession() instanceof SessionLocal local && local.getDatabase().getStore() != null)
						? local.getDatabase().getStore().getMvStore() : null;
			}
		}
		return this.store;
	}

}
