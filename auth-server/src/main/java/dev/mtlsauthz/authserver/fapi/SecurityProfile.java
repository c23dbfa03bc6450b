package dev.mtlsauthz.authserver.fapi;

import java.util.Locale;
import java.util.Optional;

/**
 * A security profile a client or the whole server follows.
 */
public enum SecurityProfile {

	/** OAuth 2.0 as each client's registration allows. */
	NONE,

	/**
	 * The FAPI 2.0 Security Profile (final), section 5.3.2: what {@link Fapi2Profile}
	 * enforces.
	 */
	FAPI2;

	/** The value in client metadata and configuration: {@code none}, {@code fapi2}. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<SecurityProfile> parse(String value) {
		for (SecurityProfile profile : values()) {
			if (profile.value().equals(value)) {
				return Optional.of(profile);
			}
		}
		return Optional.empty();
	}

}
