package dev.mtlsauthz.authserver.keys;

import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing keys live in the database (the real schema, migrated by Flyway), one per
 * configured algorithm.
 */
class JdbcSigningKeysTest {

	private JdbcTemplate jdbc;

	@BeforeEach
	void migrate() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration/common", "classpath:db/migration/h2")
			.load()
			.migrate();
		jdbc = new JdbcTemplate(dataSource);
	}

	@Test
	void firstStartGeneratesAKeyAndLaterStartsLoadTheSameOne() {
		JWK first = only(new JdbcSigningKeys(jdbc, "RS256"));
		JWK second = only(new JdbcSigningKeys(jdbc, "RS256"));

		assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
		assertThat(second.toJSONObject()).isEqualTo(first.toJSONObject());
		assertThat(second.isPrivate()).isTrue();
	}

	@Test
	void es256GeneratesAP256KeyAndKeepsTheOlderRsaKeyPublished() {
		JWK rsa = only(new JdbcSigningKeys(jdbc, "RS256"));
		JdbcSigningKeys both = new JdbcSigningKeys(jdbc, "ES256");

		List<JWK> keys = both.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
		List<JWK> ec = both.get(new JWKSelector(new JWKMatcher.Builder().algorithm(JWSAlgorithm.ES256).build()), null);

		assertThat(keys).extracting(JWK::getKeyID).contains(rsa.getKeyID());
		assertThat(ec).singleElement()
			.isInstanceOfSatisfying(ECKey.class, key -> assertThat(key.getCurve()).isEqualTo(Curve.P_256));
	}

	private static JWK only(JdbcSigningKeys keys) {
		List<JWK> all = keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
		assertThat(all).hasSize(1);
		return all.get(0);
	}

}
