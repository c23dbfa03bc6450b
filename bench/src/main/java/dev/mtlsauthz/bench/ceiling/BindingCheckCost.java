package dev.mtlsauthz.bench.ceiling;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.mtls.X5tS256;

/**
 * The proof-of-possession check in isolation, on one thread: what a resource server does
 * for each request with a bound token, read {@code cnf.x5t#S256} from the claims and
 * compare it with the SHA-256 thumbprint of the presented certificate. Scenario (e)
 * compares whole requests with the check on and off, which on a shared two-core machine
 * is noisier than the check itself; this figure is its deterministic counterpart.
 */
public final class BindingCheckCost {

	private final Duration warmUp;

	private final Duration duration;

	public BindingCheckCost(Duration warmUp, Duration duration) {
		this.warmUp = warmUp;
		this.duration = duration;
	}

	/** Microseconds of one thread's time per check, counted after the warm-up. */
	public double microsPerCheck() {
		X509Certificate certificate = CertificateBuilder.subject("CN=bench client")
			.clientAuth()
			.validFor(Duration.ofHours(1))
			.selfSigned()
			.certificate();
		Map<String, Object> claims = Map.of("sub", "demo-secret-client", X5tS256.CONFIRMATION_CLAIM,
				X5tS256.of(certificate).toConfirmationClaim());
		run(claims, certificate, warmUp);
		long start = System.nanoTime();
		long checks = run(claims, certificate, duration);
		return (System.nanoTime() - start) / 1000.0 / checks;
	}

	private static long run(Map<String, Object> claims, X509Certificate certificate, Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		long checks = 0;
		while (System.nanoTime() < end) {
			if (!X5tS256.fromClaims(claims).orElseThrow().matches(certificate)) {
				throw new IllegalStateException("The certificate does not match its own thumbprint");
			}
			checks++;
		}
		return checks;
	}

}
