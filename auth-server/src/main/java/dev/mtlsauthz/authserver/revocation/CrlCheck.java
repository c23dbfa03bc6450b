package dev.mtlsauthz.authserver.revocation;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * What a CRL (RFC 5280 section 5) says of one certificate: it counts only when the
 * certificate's issuer signed it and it is current (nextUpdate not past).
 */
final class CrlCheck {

	private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private CrlCheck() {
	}

	static X509CRL parse(byte[] der) throws GeneralSecurityException {
		return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
	}

	/**
	 * @param crlReusableUntil until when the CRL itself may be reused
	 */
	static RevocationStatus status(X509CRL crl, URI url, X509Certificate certificate, X509Certificate issuer,
			Instant now, Instant crlReusableUntil, Duration failureTimeToLive) {
		try {
			if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
				return RevocationStatus.unknown("the CRL at " + url + " is not the issuer's",
						now.plus(failureTimeToLive));
			}
			crl.verify(issuer.getPublicKey());
		}
		catch (GeneralSecurityException ex) {
			return RevocationStatus.unknown("the CRL at " + url + " is not signed by the issuer",
					now.plus(failureTimeToLive));
		}
		if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now.minus(CLOCK_SKEW))) {
			return RevocationStatus.unknown("the CRL at " + url + " is out of date", now.plus(failureTimeToLive));
		}
		X509CRLEntry entry = crl.getRevokedCertificate(certificate);
		if (entry == null) {
			return RevocationStatus.good(crlReusableUntil);
		}
		CRLReason reason = entry.getRevocationReason();
		return RevocationStatus.revoked(Revocations.describe(entry.getRevocationDate().toInstant(),
				reason != null ? reason.ordinal() : -1, "CRL " + url), crlReusableUntil);
	}

}
