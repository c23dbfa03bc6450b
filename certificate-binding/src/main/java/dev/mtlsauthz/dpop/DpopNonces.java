package dev.mtlsauthz.dpop;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-provided DPoP nonces (RFC 9449 sections 8 and 9) that need no state per request:
 * a nonce is the number of the current rotation period and an HMAC-SHA256 of it,
 * base64url. It is accepted during its period and the next one, so for one to two
 * rotations, and on every instance that holds the same key: from configuration
 * ({@code mtls-authz.resource-server.dpop.nonce.secret}) or, in the authorization server,
 * from its database. The key only proves that this server made the nonce; a nonce reveals
 * nothing but its period.
 */
public final class DpopNonces {

	/** The response header that provides a nonce (RFC 9449 section 8.1). */
	public static final String HEADER = "DPoP-Nonce";

	private static final int MAC_LENGTH = 16;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final SecretKeySpec key;

	private final long rotationMillis;

	private final Clock clock;

	/**
	 * The nonce of the latest period asked for: {@link #current()} is on every token
	 * response when nonces are on, so it is computed once per rotation, not per request.
	 */
	private volatile Provided provided = new Provided(Long.MIN_VALUE, null);

	public DpopNonces(byte[] key, Duration rotation, Clock clock) {
		if (key.length < 32) {
			throw new IllegalArgumentException("A DPoP nonce key needs at least 32 bytes");
		}
		this.key = new SecretKeySpec(key, "HmacSHA256");
		this.rotationMillis = rotation.toMillis();
		this.clock = clock;
	}

	/** Nonces valid on this instance only: for a single instance or for tests. */
	public static DpopNonces withRandomKey(Duration rotation, Clock clock) {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return new DpopNonces(key, rotation, clock);
	}

	/** The nonce to provide now. */
	public String current() {
		long period = period();
		Provided last = provided;
		if (last.period() != period) {
			last = new Provided(period, encode(period));
			provided = last;
		}
		return last.nonce();
	}

	/**
	 * Whether the nonce was provided by a server with this key, this period or the last.
	 */
	public boolean isValid(String nonce) {
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(nonce);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		if (bytes.length != Long.BYTES + MAC_LENGTH) {
			return false;
		}
		long period = ByteBuffer.wrap(bytes, 0, Long.BYTES).getLong();
		long now = period();
		return (period == now || period == now - 1)
				&& MessageDigest.isEqual(mac(period), Arrays.copyOfRange(bytes, Long.BYTES, bytes.length));
	}

	private long period() {
		return clock.millis() / rotationMillis;
	}

	private String encode(long period) {
		return ENCODER
			.encodeToString(ByteBuffer.allocate(Long.BYTES + MAC_LENGTH).putLong(period).put(mac(period)).array());
	}

	private byte[] mac(long period) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(key);
			return Arrays.copyOf(mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(period).array()), MAC_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private record Provided(long period, String nonce) {
	}

}
