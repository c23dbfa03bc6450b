package dev.mtlsauthz.authserver.keys;

import java.time.Instant;

/**
 * A signing key's place in the key set, without its key material: what the rotation
 * decides on and what the {@code signingkeys} endpoint shows.
 *
 * @param kid the key id, in the JWK Set and in the header of every token it signs
 * @param algorithm its JWS algorithm
 * @param state next, active or retired
 * @param createdAt when it was generated, and published
 * @param activatesAt when a next key starts signing; when an active or retired key
 * started
 * @param retiredAt when a retired key stopped signing
 * @param removesAt when a retired key is deleted, every token it signed having expired
 */
public record SigningKey(String kid, SigningAlgorithm algorithm, SigningKeyState state, Instant createdAt,
		Instant activatesAt, Instant retiredAt, Instant removesAt) {

	SigningKey activated(Instant now) {
		return new SigningKey(kid, algorithm, SigningKeyState.ACTIVE, createdAt, now, null, null);
	}

	SigningKey retired(Instant now, Instant removes) {
		return new SigningKey(kid, algorithm, SigningKeyState.RETIRED, createdAt, activatesAt, now, removes);
	}

}
