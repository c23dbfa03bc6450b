package dev.mtlsauthz.dpop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Where a resource server or an authorization server remembers the {@code jti} of the
 * DPoP proofs it accepted, until they are too old to be accepted again, so that each
 * proof works once (RFC 9449 section 11.1). {@link InMemoryDpopProofReplayCache} sees the
 * proofs of one instance only; {@link JdbcDpopProofReplayCache} those of every instance
 * on one database.
 */
public interface DpopProofReplayCache {

	/**
	 * Records the proof's {@code jti} as used.
	 * @param jti the proof's {@code jti}
	 * @param rememberUntil when the proof can no longer be accepted anyway (its
	 * {@code iat} plus the proof lifetime and clock skew)
	 * @return whether this is its first use; {@code false} for a replay
	 */
	boolean firstUse(String jti, Instant rememberUntil);

	/**
	 * The SHA-256 of a {@code jti}, hex: what the caches keep, so that the length of a
	 * {@code jti} is the client's business, not the storage's.
	 */
	static String hash(String jti) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(jti.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
