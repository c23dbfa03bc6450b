package dev.mtlsauthz.mtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The X.509 certificate SHA-256 thumbprint confirmation method, {@code x5t#S256} (RFC
 * 8705 section 3.1): the base64url encoding, without padding, of the SHA-256 digest of
 * the DER encoding of the certificate.
 */
public final class X5tS256 {

	/** The member name inside the {@code cnf} claim (RFC 8705 section 3.1). */
	public static final String CLAIM_NAME = "x5t#S256";

	/** The confirmation claim (RFC 7800 section 3.1). */
	public static final String CONFIRMATION_CLAIM = "cnf";

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final byte[] digest;

	private X5tS256(byte[] digest) {
		this.digest = digest;
	}

	public static X5tS256 of(X509Certificate certificate) {
		try {
			return new X5tS256(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			throw new IllegalStateException("Cannot compute the SHA-256 thumbprint of a certificate", ex);
		}
	}

	/**
	 * Parses the claim value.
	 * @throws IllegalArgumentException when the value is not base64url or not 32 bytes
	 * long
	 */
	public static X5tS256 parse(String value) {
		byte[] digest;
		try {
			digest = Base64.getUrlDecoder().decode(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("x5t#S256 is not base64url", ex);
		}
		if (digest.length != 32) {
			throw new IllegalArgumentException("x5t#S256 is not a SHA-256 digest (" + digest.length + " bytes)");
		}
		return new X5tS256(digest);
	}

	/**
	 * Reads {@code cnf.x5t#S256} from a token's claims (a JWT or an introspection
	 * response).
	 * @return empty when the token is not bound to a certificate
	 * @throws IllegalArgumentException when {@code cnf} is present but its
	 * {@code x5t#S256} is malformed
	 */
	public static Optional<X5tS256> fromClaims(Map<String, ?> claims) {
		if (!(claims.get(CONFIRMATION_CLAIM) instanceof Map<?, ?> cnf) || cnf.get(CLAIM_NAME) == null) {
			return Optional.empty();
		}
		return Optional.of(parse(String.valueOf(cnf.get(CLAIM_NAME))));
	}

	/** The {@code cnf} claim value binding a token to this thumbprint. */
	public Map<String, Object> toConfirmationClaim() {
		// A plain HashMap: Spring Authorization Server stores token claims as JSON with
		// type information and
		// refuses to read back the JDK's immutable map classes.
		Map<String, Object> cnf = new HashMap<>();
		cnf.put(CLAIM_NAME, value());
		return cnf;
	}

	/**
	 * Compares the decoded digests in constant time, so the comparison reveals nothing
	 * about the expected value.
	 */
	public boolean matches(X509Certificate certificate) {
		return MessageDigest.isEqual(digest, of(certificate).digest);
	}

	public String value() {
		return ENCODER.encodeToString(digest);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof X5tS256 that && MessageDigest.isEqual(digest, that.digest);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(digest);
	}

	@Override
	public String toString() {
		return value();
	}

}
