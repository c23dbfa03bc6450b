package dev.mtlsauthz.authserver.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.mtlsauthz.authserver.AuthServerProperties;

/**
 * The real schema (H2, migrated by Flyway) and the key set's classes on it, as
 * {@code KeysConfiguration} wires them, with a clock the test moves.
 */
final class KeySetDatabase {

	static final String[] MIGRATIONS = { "classpath:db/migration/common", "classpath:db/migration/h2" };

	final DataSource dataSource;

	final JdbcTemplate jdbc;

	final MutableClock clock;

	private KeySetDatabase(DataSource dataSource, MutableClock clock) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.clock = clock;
	}

	/** A new in-memory database migrated to {@code target} ({@code null}: the latest). */
	static KeySetDatabase migratedTo(String target, Clock start) {
		DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"sa", "");
		migrate(dataSource, target);
		return new KeySetDatabase(dataSource, new MutableClock(start.instant()));
	}

	static void migrate(DataSource dataSource, String target) {
		var flyway = Flyway.configure().dataSource(dataSource).locations(MIGRATIONS);
		if (target != null) {
			flyway.target(target);
		}
		flyway.load().migrate();
	}

	JdbcSigningKeys store() {
		return new JdbcSigningKeys(jdbc, new DataSourceTransactionManager(dataSource));
	}

	SigningKeyRotation rotation(AuthServerProperties.Keys settings, KeyEncryptionKeys encryption) {
		return new SigningKeyRotation(store(), encryption, settings, new LongestTokenLifetime(jdbc), clock);
	}

	SigningKeySet keySet(KeyEncryptionKeys encryption) {
		return new SigningKeySet(store(), encryption);
	}

	List<Map<String, Object>> rows() {
		return jdbc.queryForList("SELECT * FROM oauth2_signing_key ORDER BY created_at, kid");
	}

	/**
	 * Access tokens in {@code algorithm}, rotated every 30 days, published an hour ahead.
	 */
	static AuthServerProperties.Keys settings(SigningAlgorithm algorithm, SigningAlgorithm idTokenAlgorithm,
			String kekId, Map<String, String> keks) {
		return new AuthServerProperties.Keys(algorithm, idTokenAlgorithm, Duration.ofMinutes(1), Duration.ofMinutes(5),
				new AuthServerProperties.Rotation(true, Duration.ofDays(30), Duration.ofHours(1), Duration.ofDays(1),
						Duration.ofSeconds(60)),
				new AuthServerProperties.Encryption(kekId, keks));
	}

	static Map<String, String> keks(String... ids) {
		Map<String, String> keks = new LinkedHashMap<>();
		for (String id : ids) {
			keks.put(id, kek(id));
		}
		return keks;
	}

	/** A fixed 32-byte key per id, so that two calls name the same key. */
	static String kek(String id) {
		byte[] key = new byte[32];
		byte[] name = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		System.arraycopy(name, 0, key, 0, Math.min(name.length, 32));
		return Base64.getEncoder().encodeToString(key);
	}

}
