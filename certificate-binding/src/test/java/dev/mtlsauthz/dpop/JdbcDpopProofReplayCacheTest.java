package dev.mtlsauthz.dpop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Two instances of a resource server, each with its own replay cache on one database: a
 * proof accepted by one is a replay at the other.
 */
class JdbcDpopProofReplayCacheTest {

	private SingleConnectionDataSource database;

	private JdbcTemplate jdbc;

	@BeforeEach
	void createTable() {
		database = new SingleConnectionDataSource("jdbc:h2:mem:dpop-replay;DB_CLOSE_DELAY=-1", "sa", "", true);
		jdbc = new JdbcTemplate(database);
		jdbc.execute("CREATE TABLE dpop_proof_jti (jti_hash VARCHAR(64) NOT NULL PRIMARY KEY, "
				+ "expires_at TIMESTAMP NOT NULL)");
	}

	@AfterEach
	void dropTable() {
		jdbc.execute("DROP TABLE dpop_proof_jti");
		database.destroy();
	}

	@Test
	void proofAcceptedByOneInstanceIsAReplayAtTheOther() {
		JdbcDpopProofReplayCache one = cache(Duration.ZERO).checkTable();
		JdbcDpopProofReplayCache other = cache(Duration.ZERO).checkTable();
		Instant until = Instant.now().plusSeconds(65);
		assertThat(one.firstUse("jti-1", until)).isTrue();
		assertThat(other.firstUse("jti-1", until)).isFalse();
		assertThat(one.firstUse("jti-1", until)).isFalse();
		assertThat(other.firstUse("jti-2", until)).isTrue();
	}

	@Test
	void purgeForgetsOnlyExpiredProofs() {
		JdbcDpopProofReplayCache cache = cache(Duration.ZERO);
		cache.firstUse("old", Instant.now().minusSeconds(1));
		cache.firstUse("young", Instant.now().plusSeconds(60));
		assertThat(cache.purge()).isEqualTo(1);
		assertThat(cache.firstUse("young", Instant.now().plusSeconds(60))).isFalse();
	}

	@Test
	void missingTableFailsAtStartWithWhatToDo() {
		jdbc.execute("DROP TABLE dpop_proof_jti");
		assertThatIllegalStateException().isThrownBy(() -> cache(Duration.ZERO).checkTable())
			.withMessageContaining("needs table dpop_proof_jti");
		jdbc.execute("CREATE TABLE dpop_proof_jti (jti_hash VARCHAR(64) PRIMARY KEY, expires_at TIMESTAMP)");
	}

	private JdbcDpopProofReplayCache cache(Duration purgeInterval) {
		return new JdbcDpopProofReplayCache(jdbc, purgeInterval, Clock.systemUTC());
	}

}
