package dev.mtlsauthz.democlient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * An access token as the client sees it: a JWT (RFC 9068) whose claims anyone can read,
 * or an opaque reference that only introspection (RFC 7662) explains. The demo reads the
 * claims without verifying the signature; the resource API is the party that verifies it.
 */
record AccessToken(String value) {

	boolean isJwt() {
		return value != null && value.split("\\.", -1).length == 3 && claims().isPresent();
	}

	Optional<Map<String, Object>> claims() {
		String[] parts = value == null ? new String[0] : value.split("\\.", -1);
		if (parts.length != 3) {
			return Optional.empty();
		}
		try {
			String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
			Map<String, Object> claims = JsonResponse.parse(payload);
			return claims.isEmpty() ? Optional.empty() : Optional.of(claims);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The first characters only: a demo's output is often pasted into tickets, a whole
	 * token never should be.
	 */
	String abbreviated() {
		return value.length() <= 24 ? value : value.substring(0, 20) + "... (" + value.length() + " characters)";
	}

	@Override
	public String toString() {
		return abbreviated();
	}
}
