package dev.mtlsauthz.authserver.tokens;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V3 turns the authorization's JSON columns from BLOB into CHARACTER VARYING on H2: what
 * an earlier version stored as UTF-8 bytes reads back as the same text, non-ASCII
 * characters included.
 */
class InlineAuthorizationJsonMigrationTest {

	private static final String SHORT_JSON = "{\"@class\":\"java.util.Collections$UnmodifiableMap\",\"name\":\"Zoë ✓\"}";

	/**
	 * Larger than what H2 keeps of a LOB in the row, as an access token's claims always
	 * are.
	 */
	private static final String LONG_JSON = "{\"claims\":\"" + "Zoë ✓ ".repeat(500) + "\"}";

	@Test
	void jsonStoredAsBlobBeforeV3ReadsBackAsTheSameText() {
		SimpleDriverDataSource database = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		JdbcTemplate jdbc = new JdbcTemplate(database);
		flyway(database, "2").migrate();
		jdbc.update(
				"INSERT INTO oauth2_authorization (id, registered_client_id, principal_name, "
						+ "authorization_grant_type, attributes, access_token_value, access_token_metadata) "
						+ "VALUES ('a1', 'c1', 'p1', 'client_credentials', ?, ?, ?)",
				SHORT_JSON.getBytes(StandardCharsets.UTF_8), "token-1".getBytes(StandardCharsets.UTF_8),
				LONG_JSON.getBytes(StandardCharsets.UTF_8));

		flyway(database, "latest").migrate();

		assertThat(jdbc.queryForObject("SELECT attributes FROM oauth2_authorization WHERE id = 'a1'", String.class))
			.isEqualTo(SHORT_JSON);
		assertThat(jdbc.queryForObject("SELECT access_token_metadata FROM oauth2_authorization "
				+ "WHERE access_token_value = CAST('token-1' AS VARBINARY)", String.class))
			.isEqualTo(LONG_JSON);
	}

	private static Flyway flyway(SimpleDriverDataSource database, String target) {
		return Flyway.configure()
			.dataSource(database)
			.locations("classpath:db/migration/common", "classpath:db/migration/h2")
			.target(target)
			.load();
	}

}
