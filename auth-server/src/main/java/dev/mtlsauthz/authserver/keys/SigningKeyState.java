package dev.mtlsauthz.authserver.keys;

/**
 * Where a signing key is in its life. Every state but the last is published in the JWK
 * Set.
 */
public enum SigningKeyState {

	/**
	 * Published, not yet signing: resource servers fetch it before the first token it
	 * signs reaches them.
	 */
	NEXT("next"),

	/** Signs new tokens; one per algorithm across the cluster. */
	ACTIVE("active"),

	/**
	 * Published, verifying only, until every token it signed has expired; then deleted.
	 */
	RETIRED("retired");

	private final String value;

	SigningKeyState(String value) {
		this.value = value;
	}

	/** As stored in the database and shown by the {@code signingkeys} endpoint. */
	public String value() {
		return value;
	}

	static SigningKeyState of(String value) {
		for (SigningKeyState state : values()) {
			if (state.value.equals(value)) {
				return state;
			}
		}
		throw new IllegalArgumentException("Unknown signing key state '" + value + "'");
	}

}
