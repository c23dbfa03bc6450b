package dev.mtlsauthz.authserver.fapi;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import dev.mtlsauthz.authserver.clients.InvalidClientMetadataException;
import dev.mtlsauthz.authserver.requestobjects.RequestObjectAlgorithms;

/**
 * The client metadata of this feature, in seeded and registered clients alike, and the
 * client settings they become:
 * <ul>
 * <li>{@code security_profile}: {@code fapi2} puts the client under the FAPI 2.0 Security
 * Profile ({@link Fapi2Profile}); such a client must register one of the methods the
 * profile allows (section 5.3.2.1, item 6), else {@code invalid_client_metadata};</li>
 * <li>{@code require_pushed_authorization_requests} (RFC 9126 section 6);</li>
 * <li>{@code request_object_signing_alg} (OpenID Connect Dynamic Client Registration
 * section 2, RFC 9101 section 10.5): the only algorithm its request objects may use.</li>
 * </ul>
 */
public final class FapiClientMetadata {

	public static final String SECURITY_PROFILE = "security_profile";

	public static final String REQUIRE_PUSHED_AUTHORIZATION_REQUESTS = "require_pushed_authorization_requests";

	public static final String REQUEST_OBJECT_SIGNING_ALG = "request_object_signing_alg";

	private static final String PREFIX = "settings.client.";

	static final String SECURITY_PROFILE_SETTING = PREFIX + "security-profile";

	static final String REQUIRE_PAR_SETTING = PREFIX + "require-pushed-authorization-requests";

	/** The setting that holds {@code request_object_signing_alg}. */
	public static final String REQUEST_OBJECT_SIGNING_ALG_SETTING = PREFIX + "request-object-signing-alg";

	/** FAPI 2.0 Security Profile section 5.3.2.1, item 6. */
	static final Set<String> FAPI2_METHODS = Set.of("tls_client_auth", "self_signed_tls_client_auth",
			"private_key_jwt");

	private FapiClientMetadata() {
	}

	/**
	 * Reads this feature's metadata into the client's settings.
	 * @param methods the client's {@code token_endpoint_auth_method}s
	 * @throws InvalidClientMetadataException when a value is malformed, or a
	 * {@code fapi2} client registers a method the profile forbids
	 */
	public static void applyTo(Map<String, Object> metadata, List<String> methods, ClientSettings.Builder settings) {
		Object profile = metadata.get(SECURITY_PROFILE);
		if (profile != null) {
			SecurityProfile parsed = SecurityProfile.parse(String.valueOf(profile))
				.orElseThrow(() -> new InvalidClientMetadataException(SECURITY_PROFILE, "must be none or fapi2"));
			if (parsed == SecurityProfile.FAPI2 && !FAPI2_METHODS.containsAll(methods)) {
				throw new InvalidClientMetadataException("token_endpoint_auth_method",
						"the FAPI 2.0 Security Profile allows only tls_client_auth, self_signed_tls_client_auth "
								+ "and private_key_jwt");
			}
			settings.setting(SECURITY_PROFILE_SETTING, parsed.value());
		}
		Object requirePar = metadata.get(REQUIRE_PUSHED_AUTHORIZATION_REQUESTS);
		if (requirePar != null) {
			if (!(requirePar instanceof Boolean required)) {
				throw new InvalidClientMetadataException(REQUIRE_PUSHED_AUTHORIZATION_REQUESTS,
						"must be true or false");
			}
			settings.setting(REQUIRE_PAR_SETTING, required);
		}
		Object algorithm = metadata.get(REQUEST_OBJECT_SIGNING_ALG);
		if (algorithm != null) {
			if (!(algorithm instanceof String name) || !RequestObjectAlgorithms.SUPPORTED.contains(name)) {
				throw new InvalidClientMetadataException(REQUEST_OBJECT_SIGNING_ALG,
						"must be one of " + RequestObjectAlgorithms.SUPPORTED);
			}
			settings.setting(REQUEST_OBJECT_SIGNING_ALG_SETTING, name);
		}
	}

	static SecurityProfile securityProfile(RegisteredClient client) {
		String value = client.getClientSettings().getSetting(SECURITY_PROFILE_SETTING);
		return value != null ? SecurityProfile.parse(value).orElse(SecurityProfile.NONE) : SecurityProfile.NONE;
	}

	static boolean requiresPushedAuthorizationRequests(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(REQUIRE_PAR_SETTING));
	}

}
