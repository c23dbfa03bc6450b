package dev.mtlsauthz.bench.ceiling;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;

/**
 * The ceiling that physics sets on token issuance: how many RS256 signatures
 * (RSASSA-PKCS1-v1_5 with SHA-256 and a 2048-bit key, RFC 7518 section 3.3) this machine
 * makes per second on the given number of threads, signing a payload the size of this
 * project's access tokens with the Nimbus signer that Spring's {@code NimbusJwtEncoder}
 * uses. An authorization server that signs every token cannot issue more tokens per
 * second than this.
 */
public final class Rs256SigningCeiling {

	/**
	 * A JWT access token's claims as this project issues them (RFC 9068, with cnf of RFC
	 * 8705).
	 */
	static final String PAYLOAD = """
			{"sub":"demo-secret-client","aud":"demo-secret-client","nbf":1767225600,"scope":["api.read"],\
			"iss":"https://localhost:8443","exp":1767225900,"iat":1767225600,\
			"jti":"5f0c4a1e-6a53-4f55-9d1e-3c1f2b7e4d10",\
			"client_id":"demo-secret-client","cnf":{"x5t#S256":"bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"}}""";

	private final int threads;

	private final Duration warmUp;

	private final Duration duration;

	public Rs256SigningCeiling(int threads, Duration warmUp, Duration duration) {
		this.threads = threads;
		this.warmUp = warmUp;
		this.duration = duration;
	}

	/** Signatures per second on all threads together, counted after the warm-up. */
	public double measure() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		RSASSASigner signer = new RSASSASigner((RSAPrivateKey) keys.getPrivate());
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID("bench").build();
		byte[] payload = PAYLOAD.getBytes(StandardCharsets.UTF_8);
		long start = System.nanoTime();
		long measureFrom = start + warmUp.toNanos();
		long measureUntil = measureFrom + duration.toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<Long>> counts = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				counts.add(pool.submit(() -> sign(signer, header, payload, measureFrom, measureUntil)));
			}
			long signatures = 0;
			for (Future<Long> count : counts) {
				signatures += count.get();
			}
			return signatures / (duration.toNanos() / 1e9);
		}
		finally {
			pool.shutdownNow();
			pool.awaitTermination(1, TimeUnit.MINUTES);
		}
	}

	private static long sign(RSASSASigner signer, JWSHeader header, byte[] payload, long measureFrom, long measureUntil)
			throws JOSEException {
		long signatures = 0;
		while (true) {
			JWSObject jws = new JWSObject(header, new Payload(payload));
			jws.sign(signer);
			long now = System.nanoTime();
			if (now >= measureUntil) {
				return signatures;
			}
			if (now >= measureFrom) {
				signatures++;
			}
		}
	}

	public int threads() {
		return threads;
	}

	public static int payloadBytes() {
		return PAYLOAD.getBytes(StandardCharsets.UTF_8).length;
	}

}
