package dev.mtlsauthz.authserver.keys;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.TestProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The development key-encryption key of {@code application.yml} is public: it serves
 * development, and the server refuses it under the {@code production} profile. The
 * publish-ahead time must cover the refresh of the instances and the caching of the JWK
 * Set.
 */
class DevelopmentKeyEncryptionKeyTest {

	@Test
	void theDevelopmentKeyIsRefusedUnderTheProductionProfile() {
		MockEnvironment production = new MockEnvironment();
		production.setActiveProfiles("production", "postgresql");

		assertThatIllegalStateException()
			.isThrownBy(() -> new KeysConfiguration().keyEncryptionKeys(properties("development"), production))
			.withMessageContaining("authserver.keys.encryption.key-id");
	}

	@Test
	void theDevelopmentKeyServesOtherProfilesAndAKeyOfOurOwnServesProduction() {
		MockEnvironment production = new MockEnvironment();
		production.setActiveProfiles("production");

		assertThat(new KeysConfiguration().keyEncryptionKeys(properties("development"), new MockEnvironment())
			.currentKeyId()).isEqualTo("development");
		assertThat(new KeysConfiguration().keyEncryptionKeys(properties("prod1"), production).currentKeyId())
			.isEqualTo("prod1");
	}

	@Test
	void publishAheadMustCoverTheRefreshIntervalAndTheJwkSetCaching() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AuthServerProperties.Keys(SigningAlgorithm.RS256, null, Duration.ofMinutes(1),
					Duration.ofMinutes(5),
					new AuthServerProperties.Rotation(true, Duration.ofDays(30), Duration.ofMinutes(5),
							Duration.ofDays(1), Duration.ofSeconds(60)),
					new AuthServerProperties.Encryption("k", Map.of())))
			.withMessageContaining("publish-ahead");
	}

	private static AuthServerProperties properties(String keyId) {
		AuthServerProperties.Keys keys = KeySetDatabase.settings(SigningAlgorithm.RS256, null, keyId,
				KeySetDatabase.keks("development", "prod1"));
		return TestProperties.of(URI.create("https://localhost"), null, keys);
	}

}
