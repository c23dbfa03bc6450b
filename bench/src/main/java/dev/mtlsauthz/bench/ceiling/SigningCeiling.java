package dev.mtlsauthz.bench.ceiling;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
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
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The ceiling that signing sets on token issuance: how many JWS signatures this machine
 * makes per second on the given number of threads, with the key and the Nimbus signer
 * that the authorization server's {@code keys/KeySetJwtEncoder} uses for the algorithm
 * (RS256: RSASSA-PKCS1-v1_5 with SHA-256 and a 2048-bit key, RFC 7518 section 3.3; ES256:
 * ECDSA on P-256, section 3.4; EdDSA: Ed25519, RFC 8037 section 3.1), over a payload the
 * size of this project's access tokens. An authorization server that signs every token
 * cannot issue more tokens per second than this.
 * <p>
 * Also measured: the CPU time of one signature (the signing threads' own CPU time over
 * the signatures they made), which does not depend on what else runs on the machine, as
 * signatures per second do on a shared one.
 */
public final class SigningCeiling {

	/**
	 * A JWT access token's claims as this project issues them (RFC 9068, with cnf of RFC
	 * 8705).
	 */
	static final String PAYLOAD = """
			{"sub":"demo-secret-client","aud":"demo-secret-client","nbf":1767225600,"scope":["api.read"],\
			"iss":"https://localhost:8443","exp":1767225900,"iat":1767225600,\
			"jti":"5f0c4a1e-6a53-4f55-9d1e-3c1f2b7e4d10",\
			"client_id":"demo-secret-client","cnf":{"x5t#S256":"bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"}}""";

	/** The algorithms measured, RS256 first: the share of the ceiling is RS256's. */
	public static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256,
			JWSAlgorithm.EdDSA);

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private final JWSAlgorithm algorithm;

	private final int threads;

	private final Duration warmUp;

	private final Duration duration;

	public SigningCeiling(JWSAlgorithm algorithm, int threads, Duration warmUp, Duration duration) {
		this.algorithm = algorithm;
		this.threads = threads;
		this.warmUp = warmUp;
		this.duration = duration;
	}

	/**
	 * The signatures made on all threads together after the warm-up, and their CPU time.
	 */
	public Result measure() throws Exception {
		JWSSigner signer = new DefaultJWSSignerFactory().createJWSSigner(key(), algorithm);
		JWSHeader header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID("bench").build();
		byte[] payload = PAYLOAD.getBytes(StandardCharsets.UTF_8);
		long start = System.nanoTime();
		long measureFrom = start + warmUp.toNanos();
		long measureUntil = measureFrom + duration.toNanos();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<long[]>> counts = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				counts.add(pool.submit(() -> sign(signer, header, payload, measureFrom, measureUntil)));
			}
			long signatures = 0;
			long cpuNanos = 0;
			for (Future<long[]> count : counts) {
				signatures += count.get()[0];
				cpuNanos += count.get()[1];
			}
			return new Result(algorithm.getName(), threads, signatures / (duration.toNanos() / 1e9),
					signatures == 0 ? Double.NaN : cpuNanos / 1e3 / signatures);
		}
		finally {
			pool.shutdownNow();
			pool.awaitTermination(1, TimeUnit.MINUTES);
		}
	}

	private JWK key() throws JOSEException {
		if (JWSAlgorithm.RS256.equals(algorithm)) {
			return new RSAKeyGenerator(2048).generate();
		}
		if (JWSAlgorithm.ES256.equals(algorithm)) {
			return new ECKeyGenerator(Curve.P_256).generate();
		}
		if (JWSAlgorithm.EdDSA.equals(algorithm)) {
			return new OctetKeyPairGenerator(Curve.Ed25519).generate();
		}
		throw new IllegalArgumentException("No ceiling for " + algorithm);
	}

	/** Signatures made in the measured time, and the thread's CPU time for them. */
	private static long[] sign(JWSSigner signer, JWSHeader header, byte[] payload, long measureFrom, long measureUntil)
			throws JOSEException {
		long signatures = 0;
		long cpuFrom = -1;
		while (true) {
			JWSObject jws = new JWSObject(header, new Payload(payload));
			jws.sign(signer);
			long now = System.nanoTime();
			if (now >= measureUntil) {
				return new long[] { signatures, THREADS.getCurrentThreadCpuTime() - cpuFrom };
			}
			if (now >= measureFrom) {
				if (cpuFrom < 0) {
					cpuFrom = THREADS.getCurrentThreadCpuTime();
				}
				else {
					signatures++;
				}
			}
		}
	}

	/** Each of {@link #ALGORITHMS} in turn, RS256 first. */
	public static List<Result> measureEach(int threads, Duration warmUp, Duration duration) throws Exception {
		List<Result> results = new ArrayList<>();
		for (JWSAlgorithm algorithm : ALGORITHMS) {
			results.add(new SigningCeiling(algorithm, threads, warmUp, duration).measure());
		}
		return results;
	}

	public static int payloadBytes() {
		return PAYLOAD.getBytes(StandardCharsets.UTF_8).length;
	}

	/**
	 * One algorithm's ceiling.
	 *
	 * @param algorithm the JWS {@code alg}
	 * @param threads the signing threads
	 * @param signaturesPerSecond on all threads together
	 * @param cpuMicrosPerSignature CPU time of one signature, whatever the machine's load
	 */
	public record Result(String algorithm, int threads, double signaturesPerSecond, double cpuMicrosPerSignature) {

		/**
		 * Signatures per second if every core did nothing else: the quiet machine's
		 * ceiling.
		 */
		public double perSecondOnIdleCores(int cores) {
			return cores * 1e6 / cpuMicrosPerSignature;
		}

	}

}
