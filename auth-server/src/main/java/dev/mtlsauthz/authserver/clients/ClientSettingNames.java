package dev.mtlsauthz.authserver.clients;

/**
 * Names of the client settings this server adds to Spring Authorization Server's
 * {@code ClientSettings}.
 */
public final class ClientSettingNames {

	private static final String PREFIX = "settings.client.";

	/** Whether the client may authenticate at all. */
	public static final String ENABLED = PREFIX + "enabled";

	/**
	 * Whether the client may call the introspection endpoint (RFC 7662 section 2.1): a
	 * resource server. Set by the server's configuration only.
	 */
	public static final String INTROSPECTION_ALLOWED = PREFIX + "introspection-allowed";

	/** The client's inline JWK Set (RFC 7591 {@code jwks}), as JSON. */
	public static final String JWKS = PREFIX + "jwks";

	/** {@code tls_client_auth_san_dns} (RFC 8705 section 2.1.2). */
	public static final String TLS_CLIENT_AUTH_SAN_DNS = PREFIX + "tls-client-auth-san-dns";

	/** {@code tls_client_auth_san_uri} (RFC 8705 section 2.1.2). */
	public static final String TLS_CLIENT_AUTH_SAN_URI = PREFIX + "tls-client-auth-san-uri";

	/** {@code tls_client_auth_san_ip} (RFC 8705 section 2.1.2). */
	public static final String TLS_CLIENT_AUTH_SAN_IP = PREFIX + "tls-client-auth-san-ip";

	/** {@code tls_client_auth_san_email} (RFC 8705 section 2.1.2). */
	public static final String TLS_CLIENT_AUTH_SAN_EMAIL = PREFIX + "tls-client-auth-san-email";

	/**
	 * The SHA-256 hash of the client's registration access token (RFC 7592 section 3),
	 * base64url; set only for dynamically registered clients, which alone may manage
	 * their registration.
	 */
	public static final String REGISTRATION_ACCESS_TOKEN_HASH = PREFIX + "registration-access-token-hash";

	private ClientSettingNames() {
	}

}
