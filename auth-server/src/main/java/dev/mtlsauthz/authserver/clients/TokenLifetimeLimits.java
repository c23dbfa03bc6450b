package dev.mtlsauthz.authserver.clients;

import java.time.Duration;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import dev.mtlsauthz.authserver.AuthServerProperties;

/**
 * The server's maximum for each token lifetime ({@code authserver.token-lifetimes}).
 * Lifetimes are the server's to set: registration never accepts them
 * ({@link DynamicClientRegistration}), a seeded client asking for longer is refused at
 * start ({@link #check}), and every stored registration is cut to them when it is read
 * ({@link #limit}), so that a registration stored before these limits existed can never
 * make an expiry time overflow (a lifetime of {@code Long.MAX_VALUE} seconds once made
 * every token request of its client fail).
 */
public class TokenLifetimeLimits {

	private final AuthServerProperties.TokenLifetimes maxima;

	public TokenLifetimeLimits(AuthServerProperties.TokenLifetimes maxima) {
		this.maxima = maxima;
	}

	/**
	 * @throws InvalidClientMetadataException when the client's access token lifetime,
	 * which its metadata sets ({@code access_token_ttl}), is longer than the maximum
	 */
	public void check(RegisteredClient client) {
		Duration accessToken = client.getTokenSettings().getAccessTokenTimeToLive();
		if (accessToken.compareTo(maxima.maxAccessToken()) > 0) {
			throw new InvalidClientMetadataException("access_token_ttl", "is longer than the server's maximum, "
					+ maxima.maxAccessToken().toSeconds() + " seconds (authserver.token-lifetimes.max-access-token)");
		}
	}

	/** The client with no lifetime longer than the server's maxima. */
	public RegisteredClient limit(RegisteredClient client) {
		TokenSettings settings = client.getTokenSettings();
		TokenSettings limited = TokenSettings.withSettings(settings.getSettings())
			.accessTokenTimeToLive(min(settings.getAccessTokenTimeToLive(), maxima.maxAccessToken()))
			.refreshTokenTimeToLive(min(settings.getRefreshTokenTimeToLive(), maxima.maxRefreshToken()))
			.authorizationCodeTimeToLive(min(settings.getAuthorizationCodeTimeToLive(), maxima.maxAuthorizationCode()))
			.deviceCodeTimeToLive(min(settings.getDeviceCodeTimeToLive(), maxima.maxDeviceCode()))
			.build();
		if (limited.getSettings().equals(settings.getSettings())) {
			return client;
		}
		return RegisteredClient.from(client).tokenSettings(limited).build();
	}

	private static Duration min(Duration requested, Duration maximum) {
		return requested.compareTo(maximum) > 0 ? maximum : requested;
	}

}
