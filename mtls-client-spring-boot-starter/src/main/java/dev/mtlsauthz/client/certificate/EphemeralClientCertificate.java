package dev.mtlsauthz.client.certificate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.KeyAlgorithm;

/**
 * A self-signed certificate the client makes for itself, as RFC 8705 section 3 allows any
 * client to bind its tokens to one, and makes anew {@code renewBefore} ahead of its
 * expiry, with a new key. The key never leaves memory. The check runs whenever the
 * certificate is asked for, so no thread is needed.
 */
public final class EphemeralClientCertificate implements ClientCertificateSource {

	/** Clocks disagree; the certificate is valid from a little before it is made. */
	private static final Duration BACKDATING = Duration.ofMinutes(5);

	private final String subject;

	private final Duration validity;

	private final Duration renewBefore;

	private final KeyAlgorithm keyAlgorithm;

	private final Clock clock;

	private volatile IssuedCertificate current;

	public EphemeralClientCertificate(String subject, Duration validity, Duration renewBefore,
			KeyAlgorithm keyAlgorithm, Clock clock) {
		if (renewBefore.compareTo(validity) >= 0) {
			throw new IllegalArgumentException("renewBefore must be shorter than validity");
		}
		this.subject = subject;
		this.validity = validity;
		this.renewBefore = renewBefore;
		this.keyAlgorithm = keyAlgorithm;
		this.clock = clock;
	}

	@Override
	public IssuedCertificate current() {
		IssuedCertificate certificate = current;
		if (certificate == null || due(certificate)) {
			synchronized (this) {
				certificate = current;
				if (certificate == null || due(certificate)) {
					certificate = make();
					current = certificate;
				}
			}
		}
		return certificate;
	}

	private boolean due(IssuedCertificate certificate) {
		return !clock.instant().isBefore(certificate.certificate().getNotAfter().toInstant().minus(renewBefore));
	}

	private IssuedCertificate make() {
		Instant now = clock.instant();
		return CertificateBuilder.subject(subject)
			.keyAlgorithm(keyAlgorithm)
			.clientAuth()
			.validity(now.minus(BACKDATING), now.plus(validity))
			.selfSigned();
	}

}
