package dev.mtlsauthz.authserver.keys;

import java.time.Duration;
import java.util.function.Supplier;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;

/**
 * The longest lifetime of a JWT this server signs now: the JWT access token lifetime of
 * any registered client, or the ID token's. A retired key stays published at least this
 * long, so that every token it signed verifies until it expires. Reference access tokens,
 * refresh tokens, codes and registration access tokens are not signed and do not count.
 */
class LongestTokenLifetime implements Supplier<Duration> {

	/**
	 * The lifetime of every ID token: Spring Authorization Server's {@code JwtGenerator}
	 * fixes it.
	 */
	static final Duration ID_TOKEN = Duration.ofMinutes(30);

	private final JdbcOperations jdbc;

	LongestTokenLifetime(JdbcOperations jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Duration get() {
		Duration longest = ID_TOKEN;
		for (RegisteredClient client : jdbc.query("SELECT * FROM oauth2_registered_client",
				new JdbcRegisteredClientRepository.JsonMapperRegisteredClientRowMapper())) {
			if (OAuth2TokenFormat.SELF_CONTAINED.equals(client.getTokenSettings().getAccessTokenFormat())
					&& client.getTokenSettings().getAccessTokenTimeToLive().compareTo(longest) > 0) {
				longest = client.getTokenSettings().getAccessTokenTimeToLive();
			}
		}
		return longest;
	}

}
