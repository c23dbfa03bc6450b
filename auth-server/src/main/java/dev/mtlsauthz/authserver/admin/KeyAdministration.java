package dev.mtlsauthz.authserver.admin;

import java.util.Map;

import dev.mtlsauthz.authserver.keys.SigningKeysEndpoint;

/**
 * The signing keys as the admin API and console change them: the operator's
 * {@code signingkeys} endpoint, whether or not it is exposed, with each change recorded
 * ({@link AdminChanges}).
 */
class KeyAdministration {

	private final SigningKeysEndpoint keys;

	private final AdminChanges changes;

	KeyAdministration(SigningKeysEndpoint keys, AdminChanges changes) {
		this.keys = keys;
		this.changes = changes;
	}

	/** Every key with its state and times, and the algorithms that sign now. */
	Map<String, Object> list() {
		return keys.signingKeys();
	}

	/** Publishes a next key for every algorithm that has none; the keys after. */
	Map<String, Object> rotate() {
		Map<String, Object> after = keys.rotate();
		changes.record("keys.rotate", "signing keys");
		return after;
	}

	/**
	 * Retires a key now; the keys after.
	 * @throws AdminRequestException when there is no such key
	 */
	Map<String, Object> retire(String kid) {
		Map<String, Object> after = keys.retire(kid)
			.orElseThrow(() -> AdminRequestException.notFound("a signing key " + kid));
		changes.record("keys.retire", kid);
		return after;
	}

}
