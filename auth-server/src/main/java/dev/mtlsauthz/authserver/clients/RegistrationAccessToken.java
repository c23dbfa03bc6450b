package dev.mtlsauthz.authserver.clients;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * The {@code registration_access_token} of RFC 7592 section 3: the bearer credential with
 * which a dynamically registered client reads, updates and deletes its registration. It
 * is 256 random bits, base64url; the client receives it once, in the registration
 * response, and the server keeps only its SHA-256 hash, in
 * {@link ClientSettingNames#REGISTRATION_ACCESS_TOKEN_HASH}, so that a copy of the
 * database manages no client. A fast unsalted hash suffices for a random value this long,
 * as for {@link Sha256ClientSecretEncoder}.
 */
public final class RegistrationAccessToken {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final String value;

	private RegistrationAccessToken(String value) {
		this.value = value;
	}

	public static RegistrationAccessToken generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return new RegistrationAccessToken(BASE64URL.encodeToString(bytes));
	}

	/** The token itself, for the registration response only. */
	public String value() {
		return value;
	}

	/** The client's settings with this token's hash, and never the token itself. */
	public ClientSettings hashedInto(ClientSettings settings) {
		return ClientSettings.withSettings(settings.getSettings())
			.setting(ClientSettingNames.REGISTRATION_ACCESS_TOKEN_HASH, hash(value))
			.build();
	}

	/**
	 * Whether {@code presented} is the registration access token of {@code client},
	 * compared in constant time. False for a client that does not exist ({@code null}) or
	 * was not registered dynamically; the presented token is hashed in every case so that
	 * the answer takes as long whether or not the client exists (RFC 7592 section 2
	 * forbids revealing that).
	 */
	public static boolean matches(String presented, RegisteredClient client) {
		byte[] presentedHash = hash(presented).getBytes(StandardCharsets.US_ASCII);
		String stored = client != null
				? client.getClientSettings().getSetting(ClientSettingNames.REGISTRATION_ACCESS_TOKEN_HASH) : null;
		return stored != null && MessageDigest.isEqual(presentedHash, stored.getBytes(StandardCharsets.US_ASCII));
	}

	private static String hash(String token) {
		try {
			return BASE64URL
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
