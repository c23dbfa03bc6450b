package dev.mtlsauthz.authserver.dpop;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The client metadata {@code dpop_bound_access_tokens} (RFC 9449 section 5.2): a client
 * registered with {@code true} always uses DPoP, so a token request of it without a
 * {@code DPoP} proof is refused. Kept as a client setting.
 */
public final class DpopBoundAccessTokens {

	/** The client metadata name. */
	public static final String METADATA = "dpop_bound_access_tokens";

	/** The client setting it is kept in. */
	public static final String SETTING = "settings.client.dpop-bound-access-tokens";

	private DpopBoundAccessTokens() {
	}

	public static boolean required(RegisteredClient client) {
		return Boolean.TRUE.equals(client.getClientSettings().getSetting(SETTING));
	}

}
