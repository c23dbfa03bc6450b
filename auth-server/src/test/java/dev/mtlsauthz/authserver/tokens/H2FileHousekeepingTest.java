package dev.mtlsauthz.authserver.tokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default H2 file with durable commits ({@code WRITE_DELAY=0}) stays near the size of
 * its live data when the housekeeping runs: H2's own background writer, which would free
 * and compact its space, does not run with {@code WRITE_DELAY=0}.
 */
class H2FileHousekeepingTest {

	private static final int ROWS = 10_000;

	private static final int LIVE = 1_000;

	@Test
	void onlyAnH2FileWithDurableCommitsNeedsIt() {
		assertThat(H2FileHousekeeping.appliesTo("jdbc:h2:file:./data/x;WRITE_DELAY=0;RETENTION_TIME=0")).isTrue();
		assertThat(H2FileHousekeeping.appliesTo("jdbc:h2:mem:test")).isFalse();
		assertThat(H2FileHousekeeping.appliesTo("jdbc:h2:file:./data/x;DB_CLOSE_ON_EXIT=FALSE")).isFalse();
		assertThat(H2FileHousekeeping.appliesTo("jdbc:postgresql://localhost/x")).isFalse();
	}

	@Test
	void theFileStaysNearItsLiveDataWhileRowsComeAndGo(@TempDir Path directory) throws Exception {
		long without = fileSizeAfterChurn(directory.resolve("without"), false);
		long with = fileSizeAfterChurn(directory.resolve("with"), true);

		// 2,000 rows of 2 kB at most are live at any time
		assertThat(with).isLessThan(without * 3 / 4).isLessThan(40L << 20);
	}

	@Test
	void anIdleDatabaseIsNotLookedAtAgainUntilSomethingIsCommitted(@TempDir Path directory) {
		String url = "jdbc:h2:file:" + directory.resolve("db") + ";WRITE_DELAY=0;RETENTION_TIME=0";
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, "sa", "", true);
		try {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			H2FileHousekeeping housekeeping = new H2FileHousekeeping(dataSource);
			jdbc.execute("CREATE TABLE token (id INT PRIMARY KEY)");
			assertThat(housekeeping.housekeep()).as("the first pass").isTrue();
			// a pass that rewrote chunks committed itself: one more pass at most
			int passes = 0;
			while (housekeeping.housekeep()) {
				assertThat(++passes).isLessThan(3);
			}
			assertThat(housekeeping.housekeep()).as("idle: nothing committed since").isFalse();

			jdbc.update("INSERT INTO token VALUES (1)");
			assertThat(housekeeping.housekeep()).as("after a commit").isTrue();
		}
		finally {
			dataSource.destroy();
		}
	}

	/** Inserts rows as tokens are issued and deletes the old ones as the purge does. */
	private static long fileSizeAfterChurn(Path directory, boolean housekeepingRuns) throws Exception {
		String url = "jdbc:h2:file:" + directory.resolve("db") + ";WRITE_DELAY=0;RETENTION_TIME=0";
		// one connection, kept open as the pool's are
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, "sa", "", true);
		try {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			H2FileHousekeeping housekeeping = new H2FileHousekeeping(dataSource);
			// as authorizations are: random ids, indexed random token hashes, a time to
			// delete by
			jdbc.execute("CREATE TABLE token (id VARCHAR(36) PRIMARY KEY, issued INT, hash VARCHAR(36), "
					+ "payload VARCHAR(4000))");
			jdbc.execute("CREATE INDEX token_issued ON token (issued)");
			jdbc.execute("CREATE INDEX token_hash ON token (hash)");
			String value = "x".repeat(2_000);
			for (int i = 0; i < ROWS; i++) {
				jdbc.update("INSERT INTO token VALUES (?, ?, ?, ?)", UUID.randomUUID().toString(), i,
						UUID.randomUUID().toString(), value);
				if (i % LIVE == 0) {
					jdbc.update("DELETE FROM token WHERE issued < ?", i - LIVE);
				}
				if (housekeepingRuns && i % (LIVE / 4) == 0) {
					housekeeping.run();
				}
			}
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM token", Integer.class)).isLessThanOrEqualTo(2 * LIVE);
			return Files.size(directory.resolve("db.mv.db"));
		}
		finally {
			dataSource.destroy();
		}
	}

}
