package dev.mtlsauthz.authserver.clients;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How large a client metadata document (RFC 7591 section 2) may be, checked before
 * anything is parsed further or stored, so that an oversized field is
 * {@code invalid_client_metadata} naming the field (RFC 7591 section 3.2.2) and never a
 * database error. The limits follow the columns of {@code oauth2_registered_client} (V1),
 * with room to spare: {@code client_name} is 200 characters, the joined
 * {@code redirect_uris} 4000, the joined scopes and grant types 1000, and the client
 * settings, which hold an inline {@code jwks}, 64 KiB.
 */
final class ClientMetadataLimits {

	/**
	 * The largest registration request body (RFC 7591 section 3.1) or RFC 7592 update, in
	 * bytes.
	 */
	static final int MAX_DOCUMENT_BYTES = 64 * 1024;

	/** Any string value, unless a field below has a smaller limit. */
	static final int MAX_STRING_LENGTH = 2000;

	static final int MAX_CLIENT_ID_LENGTH = 100;

	static final int MAX_CLIENT_NAME_LENGTH = 200;

	static final int MAX_SCOPE_LENGTH = 1000;

	/** Any array of strings, unless a field below has a smaller limit. */
	static final int MAX_ARRAY_ENTRIES = 20;

	static final int MAX_REDIRECT_URIS = 10;

	/** The joined {@code redirect_uris} (or {@code post_logout_redirect_uris}). */
	static final int MAX_REDIRECT_URIS_LENGTH = 4000;

	/** The joined {@code grant_types}. */
	static final int MAX_GRANT_TYPES_LENGTH = 1000;

	static final int MAX_JWKS_KEYS = 20;

	/** The inline {@code jwks} as it is stored (compact JSON), in characters. */
	static final int MAX_JWKS_LENGTH = 32 * 1024;

	private static final Map<String, Integer> STRING_LIMITS = Map.of("client_id", MAX_CLIENT_ID_LENGTH, "client_name",
			MAX_CLIENT_NAME_LENGTH, "scope", MAX_SCOPE_LENGTH);

	private static final List<String> REDIRECT_URI_FIELDS = List.of("redirect_uris", "post_logout_redirect_uris");

	private ClientMetadataLimits() {
	}

	/**
	 * @throws InvalidClientMetadataException naming the first field that is too large
	 */
	static void check(Map<String, Object> metadata) {
		metadata.forEach(ClientMetadataLimits::check);
	}

	/** The inline {@code jwks} as stored: its number of keys and its length. */
	static void checkJwks(int keys, String json) {
		if (keys > MAX_JWKS_KEYS) {
			throw new InvalidClientMetadataException("jwks", "holds " + keys + " keys; at most " + MAX_JWKS_KEYS);
		}
		if (json.length() > MAX_JWKS_LENGTH) {
			throw new InvalidClientMetadataException("jwks", "is larger than " + MAX_JWKS_LENGTH + " characters");
		}
	}

	private static void check(String field, Object value) {
		if (value instanceof String string) {
			int limit = STRING_LIMITS.getOrDefault(field, MAX_STRING_LENGTH);
			if (string.length() > limit) {
				throw new InvalidClientMetadataException(field, "is longer than " + limit + " characters");
			}
		}
		else if (value instanceof Collection<?> values) {
			checkArray(field, values);
		}
	}

	private static void checkArray(String field, Collection<?> values) {
		int maxEntries = REDIRECT_URI_FIELDS.contains(field) ? MAX_REDIRECT_URIS : MAX_ARRAY_ENTRIES;
		if (values.size() > maxEntries) {
			throw new InvalidClientMetadataException(field, "has more than " + maxEntries + " entries");
		}
		int joined = 0;
		for (Object value : values) {
			if (value instanceof String string) {
				if (string.length() > MAX_STRING_LENGTH) {
					throw new InvalidClientMetadataException(field,
							"has an entry longer than " + MAX_STRING_LENGTH + " characters");
				}
				joined += string.length() + 1;
			}
		}
		int maxJoined = REDIRECT_URI_FIELDS.contains(field) ? MAX_REDIRECT_URIS_LENGTH
				: "grant_types".equals(field) ? MAX_GRANT_TYPES_LENGTH : Integer.MAX_VALUE;
		if (joined > maxJoined) {
			throw new InvalidClientMetadataException(field, "is longer than " + maxJoined + " characters in all");
		}
	}

}
