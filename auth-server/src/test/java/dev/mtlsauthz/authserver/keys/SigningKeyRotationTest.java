package dev.mtlsauthz.authserver.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import dev.mtlsauthz.authserver.AuthServerProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A key's life over time, in the real schema with a clock the test moves: created active
 * on an empty key set, a next key published {@code publish-ahead} before the
 * {@code interval} is up, promoted when its time comes, the old key retired until every
 * token it signed has expired, then removed. Each check is idempotent.
 */
class SigningKeyRotationTest {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private final KeySetDatabase database = KeySetDatabase.migratedTo(null,
			Clock.fixed(START, java.time.ZoneOffset.UTC));

	private final KeyEncryptionKeys encryption = new KeyEncryptionKeys("k1", KeySetDatabase.keks("k1"));

	private final AuthServerProperties.Keys rs256 = KeySetDatabase.settings(SigningAlgorithm.RS256, null, "k1",
			KeySetDatabase.keks("k1"));

	@Test
	void anEmptyKeySetGetsOneActiveKeyAndASecondCheckChangesNothing() {
		SigningKeyRotation rotation = database.rotation(rs256, encryption);

		rotation.check();
		rotation.check();

		assertThat(keys()).singleElement().satisfies(key -> {
			assertThat(key.state()).isEqualTo(SigningKeyState.ACTIVE);
			assertThat(key.algorithm()).isEqualTo(SigningAlgorithm.RS256);
			assertThat(key.activatesAt()).isEqualTo(START);
		});
	}

	@Test
	void scheduledRotationPublishesAheadThenPromotesAndRetiresTheOldKeyUntilItsTokensHaveExpired() {
		SigningKeyRotation rotation = database.rotation(rs256, encryption);
		rotation.check();
		String first = keys().get(0).kid();

		advanceTo(START.plus(Duration.ofDays(30)).minus(Duration.ofHours(1)).minusSeconds(1));
		rotation.check();
		assertThat(keys()).hasSize(1);

		advanceTo(START.plus(Duration.ofDays(30)).minus(Duration.ofHours(1)));
		rotation.check();
		rotation.check();
		assertThat(keys()).extracting(SigningKey::state).containsExactly(SigningKeyState.ACTIVE, SigningKeyState.NEXT);
		SigningKey next = keys().get(1);
		assertThat(next.activatesAt()).isEqualTo(START.plus(Duration.ofDays(30)));

		advanceTo(next.activatesAt().minusSeconds(1));
		rotation.check();
		assertThat(state(first)).isEqualTo(SigningKeyState.ACTIVE);

		advanceTo(next.activatesAt());
		rotation.check();
		rotation.check();
		assertThat(state(first)).isEqualTo(SigningKeyState.RETIRED);
		assertThat(state(next.kid())).isEqualTo(SigningKeyState.ACTIVE);
		// retention (1 day) is longer than the ID token's 30 minutes + skew + refresh.
		Instant removal = next.activatesAt().plus(Duration.ofDays(1));
		assertThat(key(first).removesAt()).isEqualTo(removal);

		advanceTo(removal.minusSeconds(1));
		rotation.check();
		assertThat(state(first)).isEqualTo(SigningKeyState.RETIRED);

		advanceTo(removal);
		rotation.check();
		assertThat(keys()).extracting(SigningKey::kid).containsExactly(next.kid());
	}

	@Test
	void aRetiredKeyStaysPublishedForTheLongestJwtLifetimeOfAnyClientPlusSkewAndRefresh() {
		new JdbcRegisteredClientRepository(database.jdbc).save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("long-lived")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("http://127.0.0.1/callback")
			.tokenSettings(TokenSettings.builder()
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.accessTokenTimeToLive(Duration.ofDays(3))
				.build())
			.build());
		SigningKeyRotation rotation = database.rotation(rs256, encryption);
		rotation.check();
		String first = keys().get(0).kid();

		rotation.rotate();
		advance(Duration.ofHours(1));
		rotation.check();

		assertThat(key(first).removesAt())
			.isEqualTo(database.clock.instant().plus(Duration.ofDays(3)).plusSeconds(60).plus(Duration.ofMinutes(1)));
	}

	@Test
	void rotationOnDemandPublishesANextKeyThatSignsAfterThePublishAheadTime() {
		SigningKeyRotation rotation = database.rotation(rs256, encryption);
		SigningKeySet keySet = database.keySet(encryption);
		rotation.check();
		keySet.refresh();
		String first = keySet.signingKey("RS256").key().kid();

		advance(Duration.ofDays(2));
		List<SigningKey> afterRotation = rotation.rotate();
		rotation.rotate();
		keySet.refresh();

		assertThat(afterRotation).extracting(SigningKey::state)
			.containsExactly(SigningKeyState.ACTIVE, SigningKeyState.NEXT);
		assertThat(keys()).hasSize(2);
		assertThat(keySet.signingKey("RS256").key().kid()).isEqualTo(first);
		assertThat(keySet
			.get(new com.nimbusds.jose.jwk.JWKSelector(new com.nimbusds.jose.jwk.JWKMatcher.Builder().build()), null))
			.hasSize(2);

		advance(Duration.ofHours(1));
		rotation.check();
		keySet.refresh();

		assertThat(keySet.signingKey("RS256").key().kid()).isNotEqualTo(first);
		assertThat(state(first)).isEqualTo(SigningKeyState.RETIRED);
	}

	@Test
	void anAlgorithmChangeIsARotationTheOldKeySigningUntilTheNewOneIsDue() {
		database.rotation(rs256, encryption).check();
		String rsa = keys().get(0).kid();
		SigningKeyRotation es256 = database.rotation(
				KeySetDatabase.settings(SigningAlgorithm.ES256, null, "k1", KeySetDatabase.keks("k1")), encryption);
		SigningKeySet keySet = database.keySet(encryption);

		advance(Duration.ofMinutes(10));
		es256.check();
		keySet.refresh();

		assertThat(keys()).extracting(SigningKey::algorithm, SigningKey::state)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(SigningAlgorithm.RS256, SigningKeyState.ACTIVE),
					org.assertj.core.groups.Tuple.tuple(SigningAlgorithm.ES256, SigningKeyState.NEXT));
		assertThat(keySet.signingKey("ES256").key().kid()).as("RS256 signs until ES256 is due").isEqualTo(rsa);

		advance(Duration.ofHours(1));
		es256.check();
		keySet.refresh();

		assertThat(keySet.signingKey("ES256").key().algorithm()).isEqualTo(SigningAlgorithm.ES256);
		assertThat(state(rsa)).isEqualTo(SigningKeyState.RETIRED);
	}

	@Test
	void idTokensMayHaveAnAlgorithmOfTheirOwnWithItsOwnKey() {
		SigningKeyRotation rotation = database.rotation(KeySetDatabase.settings(SigningAlgorithm.ES256,
				SigningAlgorithm.RS256, "k1", KeySetDatabase.keks("k1")), encryption);
		SigningKeySet keySet = database.keySet(encryption);

		rotation.check();
		keySet.refresh();

		assertThat(keys()).extracting(SigningKey::state).containsOnly(SigningKeyState.ACTIVE);
		assertThat(keySet.signingKey("ES256").key().algorithm()).isEqualTo(SigningAlgorithm.ES256);
		assertThat(keySet.signingKey("RS256").key().algorithm()).isEqualTo(SigningAlgorithm.RS256);
	}

	@Test
	void everyAlgorithmGetsAUsableKey() {
		for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
			KeySetDatabase own = KeySetDatabase.migratedTo(null, Clock.systemUTC());
			own.rotation(KeySetDatabase.settings(algorithm, null, "k1", KeySetDatabase.keks("k1")), encryption).check();
			SigningKeySet keySet = own.keySet(encryption);
			keySet.refresh();

			assertThat(keySet.signingKey(algorithm.getName()).jwk().isPrivate()).isTrue();
			assertThat(keySet.signingKey(algorithm.getName()).key().algorithm()).isEqualTo(algorithm);
		}
	}

	@Test
	void theDatabaseRefusesASecondActiveKeyOfOneAlgorithm() {
		SigningKeyRotation rotation = database.rotation(rs256, encryption);
		rotation.check();
		Map<String, Object> active = database.rows().get(0);

		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> database.jdbc.update(
				"INSERT INTO oauth2_signing_key (kid, algorithm, state, public_jwk, created_at, activates_at) "
						+ "VALUES ('second', 'RS256', 'active', ?, ?, ?)",
				active.get("PUBLIC_JWK"), active.get("CREATED_AT"), active.get("CREATED_AT")));
	}

	private List<SigningKey> keys() {
		return database.store().findAll().stream().map(JdbcSigningKeys.Row::key).toList();
	}

	private SigningKey key(String kid) {
		return keys().stream().filter(key -> key.kid().equals(kid)).findFirst().orElseThrow();
	}

	private SigningKeyState state(String kid) {
		return key(kid).state();
	}

	private void advance(Duration duration) {
		database.clock.advance(duration);
	}

	private void advanceTo(Instant instant) {
		database.clock.advance(Duration.between(database.clock.instant(), instant));
	}

}
