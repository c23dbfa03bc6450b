package dev.mtlsauthz.authserver.clients;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes client secrets with a random 16-byte salt and SHA-256, as
 * {@code base64(salt || SHA-256(salt || secret))}. Client secrets are machine-generated
 * and long, so a slow password hash buys nothing against guessing, while it would cost
 * every {@code client_secret_basic} token request tens of milliseconds of CPU (bcrypt at
 * cost 10). Duende IdentityServer stores client secrets as SHA-256 hashes for the same
 * reason. User passwords are bcrypt.
 */
public final class Sha256ClientSecretEncoder implements PasswordEncoder {

	public static final String ID = "sha256";

	private static final int SALT_LENGTH = 16;

	private final SecureRandom random = new SecureRandom();

	@Override
	public String encode(CharSequence rawSecret) {
		byte[] salt = new byte[SALT_LENGTH];
		random.nextBytes(salt);
		return Base64.getEncoder().encodeToString(concat(salt, digest(salt, rawSecret)));
	}

	@Override
	public boolean matches(CharSequence rawSecret, String encoded) {
		byte[] stored;
		try {
			stored = Base64.getDecoder().decode(encoded);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		if (stored.length != SALT_LENGTH + 32) {
			return false;
		}
		byte[] salt = java.util.Arrays.copyOf(stored, SALT_LENGTH);
		return MessageDigest.isEqual(concat(salt, digest(salt, rawSecret)), stored);
	}

	private static byte[] digest(byte[] salt, CharSequence secret) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(salt);
			return sha256.digest(secret.toString().getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
