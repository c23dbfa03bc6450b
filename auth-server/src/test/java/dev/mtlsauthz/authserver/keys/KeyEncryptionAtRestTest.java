package dev.mtlsauthz.authserver.keys;

import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Private signing keys at rest: encrypted under a key-encryption key (AES-256-GCM), so
 * that the raw rows (a database dump) hold no private key material; the KEK rotated
 * without losing a key; keys stored in clear before V10 encrypted by the first check.
 */
class KeyEncryptionAtRestTest {

	private final KeySetDatabase database = KeySetDatabase.migratedTo(null, Clock.systemUTC());

	private final KeyEncryptionKeys k1 = new KeyEncryptionKeys("k1", KeySetDatabase.keks("k1"));

	@Test
	void theRawRowsHoldNoPrivateKeyMaterial() throws ParseException {
		database.rotation(settings("k1", "k1"), k1).check();
		Map<String, Object> row = database.rows().get(0);

		JWK publicJwk = JWK.parse((String) row.get("PUBLIC_JWK"));
		String encrypted = (String) row.get("PRIVATE_JWK");
		RSAKey privateKey = k1.decrypt(encrypted, (String) row.get("KID")).toRSAKey();

		assertThat(publicJwk.isPrivate()).isFalse();
		assertThat(row.get("JWK")).as("no clear-text JWK").isNull();
		assertThat(row.get("KEK_ID")).isEqualTo("k1");
		assertThat(encrypted.split("\\.")).as("a compact JWE").hasSize(5);
		assertThat(privateKey.toPublicJWK()).isEqualTo(publicJwk);
		for (Object column : row.values()) {
			assertThat(String.valueOf(column)).doesNotContain(privateKey.getPrivateExponent().toString(),
					privateKey.getFirstPrimeFactor().toString(), "\"d\"");
		}
	}

	@Test
	void rotatingTheKeyEncryptionKeyEncryptsEveryKeyAgainUnderTheNewOne() {
		database.rotation(settings("k1", "k1"), k1).check();
		database.rotation(settings("k1", "k1"), k1).rotate();
		SigningKeySet before = database.keySet(k1);
		before.refresh();
		KeyEncryptionKeys both = new KeyEncryptionKeys("k2", KeySetDatabase.keks("k1", "k2"));

		database.rotation(settings("k2", "k1", "k2"), both).check();

		assertThat(database.rows()).extracting(row -> row.get("KEK_ID")).containsOnly("k2");
		SigningKeySet onlyK2 = database.keySet(new KeyEncryptionKeys("k2", KeySetDatabase.keks("k2")));
		onlyK2.refresh();
		assertThat(privateKeys(onlyK2)).isEqualTo(privateKeys(before)).hasSize(2);
		SigningKeySet onlyK1 = database.keySet(k1);
		onlyK1.refresh();
		assertThat(privateKeys(onlyK1)).as("k1 opens none of them any more").isEmpty();
		assertThatIllegalStateException().isThrownBy(() -> onlyK1.signingKey("RS256"));
	}

	@Test
	void keysStoredInClearBeforeV10AreEncryptedAndTheDuplicateKeysOfAClusterRetired() throws ParseException {
		KeySetDatabase old = KeySetDatabase.migratedTo("3", Clock.systemUTC());
		Instant earlier = Instant.now().minus(Duration.ofDays(2));
		JWK first = SigningAlgorithm.RS256.generate();
		JWK second = SigningAlgorithm.RS256.generate();
		JWK ec = SigningAlgorithm.ES256.generate();
		insertInClear(old, first, "RS256", earlier);
		insertInClear(old, second, "RS256", earlier.plusSeconds(1));
		insertInClear(old, ec, "ES256", earlier);

		KeySetDatabase.migrate(old.dataSource, null);
		Map<String, String> statesAfterMigration = states(old);
		old.rotation(settings("k1", "k1"), k1).check();

		assertThat(statesAfterMigration).containsEntry(first.getKeyID(), "retired")
			.containsEntry(second.getKeyID(), "active")
			.containsEntry(ec.getKeyID(), "active");
		assertThat(states(old)).containsEntry(first.getKeyID(), "retired")
			.containsEntry(second.getKeyID(), "active")
			.as("ES256 is not configured and RS256 signs")
			.containsEntry(ec.getKeyID(), "retired");
		for (Map<String, Object> row : old.rows()) {
			assertThat(row.get("JWK")).isNull();
			assertThat(row.get("REMOVES_AT") != null).isEqualTo(!"active".equals(row.get("STATE")));
			assertThat(k1.decrypt((String) row.get("PRIVATE_JWK"), (String) row.get("KID")).isPrivate()).isTrue();
		}
		SigningKeySet keys = old.keySet(k1);
		keys.refresh();
		assertThat(keys.signingKey("RS256").jwk()).isEqualTo(second);
		assertThat(privateKeys(keys)).containsExactlyInAnyOrder(first, second, ec);
	}

	@Test
	void aKeyEncryptionKeyMustBe32BytesAndTheCurrentOneConfigured() {
		String short16 = Base64.getEncoder().encodeToString(new byte[16]);

		assertThatIllegalArgumentException().isThrownBy(() -> new KeyEncryptionKeys("a", Map.of("a", short16)))
			.withMessageContaining("32 random bytes")
			.withMessageNotContaining(short16);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new KeyEncryptionKeys("b", Map.of("a", KeySetDatabase.kek("a"))))
			.withMessageContaining("no key of that id");
	}

	private static void insertInClear(KeySetDatabase database, JWK jwk, String algorithm, Instant createdAt) {
		database.jdbc.update("INSERT INTO oauth2_signing_key (kid, algorithm, jwk, created_at) VALUES (?, ?, ?, ?)",
				jwk.getKeyID(), algorithm, jwk.toJSONString(), Timestamp.from(createdAt));
	}

	private static Map<String, String> states(KeySetDatabase database) {
		return database.jdbc.query("SELECT kid, state FROM oauth2_signing_key", rs -> {
			Map<String, String> states = new java.util.HashMap<>();
			while (rs.next()) {
				states.put(rs.getString(1), rs.getString(2));
			}
			return states;
		});
	}

	private static List<JWK> privateKeys(SigningKeySet keys) {
		return keys.get(new JWKSelector(new JWKMatcher.Builder().privateOnly(true).build()), null);
	}

	private static AuthServerProperties.Keys settings(String current, String... ids) {
		return KeySetDatabase.settings(SigningAlgorithm.RS256, null, current, KeySetDatabase.keks(ids));
	}

}
