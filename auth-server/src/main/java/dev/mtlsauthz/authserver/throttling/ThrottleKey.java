package dev.mtlsauthz.authserver.throttling;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What a count of failed authentications is kept for: its kind (a source address, an
 * account, or an account from one address) and the SHA-256 hash of what it names, which
 * is the row's primary key. Hashing keeps user names, client ids and addresses out of the
 * table (people type passwords into the user name field) and gives every key the same
 * short length, however long the name an attacker sends.
 *
 * @param kind what the key counts, for operators reading the table
 * @param hash the base64url SHA-256 of the kind and the names
 */
record ThrottleKey(String kind, String hash) {

	static ThrottleKey of(String kind, String... names) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(kind.getBytes(StandardCharsets.UTF_8));
			for (String name : names) {
				// A separator that no name contains, so that ("ab", "c") and ("a", "bc")
				// differ.
				sha256.update((byte) 0);
				sha256.update(name.getBytes(StandardCharsets.UTF_8));
			}
			return new ThrottleKey(kind, Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest()));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
