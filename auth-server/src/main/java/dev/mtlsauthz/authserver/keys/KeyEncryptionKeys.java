package dev.mtlsauthz.authserver.keys;

import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.jwk.JWK;

/**
 * The key-encryption keys (KEKs) that encrypt the private signing keys at rest, so that a
 * copy of the database alone holds no key that can sign a token. Each private JWK is
 * stored as a compact JWE (RFC 7516) with direct AES-256-GCM encryption ({@code dir},
 * {@code A256GCM}, RFC 7518 sections 4.5 and 5.3) whose {@code kid} header names the KEK,
 * so that a KEK can itself be rotated: keys encrypted under another KEK than the
 * {@linkplain #currentKeyId() current} one are encrypted again by the next rotation
 * check. GCM authenticates the ciphertext and the header; the decrypted key must also
 * carry the {@code kid} of its row, so that rows cannot be swapped.
 */
public final class KeyEncryptionKeys {

	/**
	 * The id of the development KEK in {@code application.yml}, which is public: logged
	 * as such at start, and refused under the {@code production} profile.
	 */
	public static final String DEVELOPMENT_KEY_ID = "development";

	private final String currentKeyId;

	private final Map<String, SecretKey> keys = new TreeMap<>();

	/**
	 * @param currentKeyId the id of the KEK that encrypts new keys
	 * @param keys every configured KEK by id, each the base64 of 32 random bytes
	 */
	public KeyEncryptionKeys(String currentKeyId, Map<String, String> keys) {
		keys.forEach((id, base64) -> this.keys.put(id, aesKey(id, base64)));
		if (!this.keys.containsKey(currentKeyId)) {
			throw new IllegalArgumentException("authserver.keys.encryption.key-id is '" + currentKeyId
					+ "', but authserver.keys.encryption.keys has no key of that id (it has " + this.keys.keySet()
					+ ")");
		}
		this.currentKeyId = currentKeyId;
	}

	public String currentKeyId() {
		return currentKeyId;
	}

	public boolean has(String keyId) {
		return keys.containsKey(keyId);
	}

	/** {@code privateKey} as a compact JWE under the current KEK. */
	public String encrypt(JWK privateKey) {
		JWEObject jwe = new JWEObject(
				new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM).keyID(currentKeyId)
					.contentType("jwk+json")
					.build(),
				new Payload(privateKey.toJSONObject()));
		try {
			jwe.encrypt(new DirectEncrypter(keys.get(currentKeyId)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot encrypt signing key " + privateKey.getKeyID(), ex);
		}
		return jwe.serialize();
	}

	/**
	 * The private JWK of signing key {@code kid} from its JWE.
	 * @throws IllegalStateException when the KEK named in the JWE is not configured, or
	 * the JWE does not decrypt to the key {@code kid}
	 */
	public JWK decrypt(String encrypted, String kid) {
		try {
			JWEObject jwe = JWEObject.parse(encrypted);
			String keyId = jwe.getHeader().getKeyID();
			SecretKey key = keys.get(keyId);
			if (key == null) {
				throw new IllegalStateException("Signing key " + kid + " is encrypted with key-encryption key '" + keyId
						+ "', which is not in authserver.keys.encryption.keys");
			}
			jwe.decrypt(new DirectDecrypter(key));
			JWK jwk = JWK.parse(jwe.getPayload().toJSONObject());
			if (!kid.equals(jwk.getKeyID()) || !jwk.isPrivate()) {
				throw new IllegalStateException("The stored private key of signing key " + kid + " is another key");
			}
			return jwk;
		}
		catch (ParseException | JOSEException ex) {
			throw new IllegalStateException("Cannot decrypt signing key " + kid + ": " + ex.getMessage(), ex);
		}
	}

	private static SecretKey aesKey(String id, String base64) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("authserver.keys.encryption.keys." + id + " is not base64");
		}
		if (bytes.length != 32) {
			throw new IllegalArgumentException("authserver.keys.encryption.keys." + id
					+ " must be 32 random bytes in base64 (openssl rand -base64 32), not " + bytes.length + " bytes");
		}
		return new SecretKeySpec(bytes, "AES");
	}

}
