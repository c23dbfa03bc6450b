package dev.mtlsauthz.authserver.revocation;

import java.io.IOException;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaCertificateID;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * One OCSP question (RFC 6960): is this certificate, issued by that CA, revoked? The
 * answer counts only when the issuer signed it, or a responder the issuer delegated to
 * (RFC 6960 section 4.2.2.2: issued by the CA, with the id-kp-OCSPSigning purpose), and
 * when it is current (thisUpdate not in the future, nextUpdate not past).
 */
final class OcspQuery {

	private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

	private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private OcspQuery() {
	}

	static RevocationStatus ask(RevocationSources sources, URI responder, X509Certificate certificate,
			X509Certificate issuer, Clock clock, Duration cacheTimeToLive) {
		Instant now = clock.instant();
		try {
			CertificateID id = new JcaCertificateID(
					new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1), issuer,
					certificate.getSerialNumber());
			OCSPResp response = new OCSPResp(
					sources.ocsp(responder, new OCSPReqBuilder().addRequest(id).build().getEncoded()));
			if (response.getStatus() != OCSPResp.SUCCESSFUL
					|| !(response.getResponseObject() instanceof BasicOCSPResp basic)) {
				return RevocationStatus.unknown(
						"the OCSP responder " + responder + " answered status " + response.getStatus(),
						now.plus(failureTimeToLive(cacheTimeToLive)));
			}
			if (!signedByIssuerOrItsResponder(basic, issuer, now)) {
				return RevocationStatus.unknown(
						"the OCSP response of " + responder
								+ " is not signed by the issuer or a responder it delegated to",
						now.plus(failureTimeToLive(cacheTimeToLive)));
			}
			for (SingleResp single : basic.getResponses()) {
				if (single.getCertID().equals(id)) {
					return status(single, responder, now, cacheTimeToLive);
				}
			}
			return RevocationStatus.unknown("the OCSP response of " + responder + " is about another certificate",
					now.plus(failureTimeToLive(cacheTimeToLive)));
		}
		catch (IOException | OCSPException | OperatorCreationException | CertificateException | RuntimeException ex) {
			return RevocationStatus.unknown("the OCSP responder " + responder + " could not be asked",
					now.plus(failureTimeToLive(cacheTimeToLive)));
		}
	}

	private static RevocationStatus status(SingleResp single, URI responder, Instant now, Duration cacheTimeToLive) {
		Instant thisUpdate = single.getThisUpdate().toInstant();
		Instant nextUpdate = single.getNextUpdate() != null ? single.getNextUpdate().toInstant() : null;
		if (thisUpdate.isAfter(now.plus(CLOCK_SKEW))
				|| (nextUpdate != null && nextUpdate.isBefore(now.minus(CLOCK_SKEW)))) {
			return RevocationStatus.unknown("the OCSP response of " + responder + " is not current",
					now.plus(failureTimeToLive(cacheTimeToLive)));
		}
		Instant reusableUntil = now.plus(cacheTimeToLive);
		if (nextUpdate != null && nextUpdate.isBefore(reusableUntil)) {
			reusableUntil = nextUpdate;
		}
		CertificateStatus status = single.getCertStatus();
		if (status == CertificateStatus.GOOD) {
			return RevocationStatus.good(reusableUntil);
		}
		if (status instanceof RevokedStatus revoked) {
			return RevocationStatus.revoked(Revocations.describe(revoked.getRevocationTime().toInstant(),
					revoked.hasRevocationReason() ? revoked.getRevocationReason() : -1, "OCSP"), reusableUntil);
		}
		if (status instanceof UnknownStatus) {
			return RevocationStatus.unknown("the OCSP responder " + responder + " does not know the certificate",
					reusableUntil);
		}
		return RevocationStatus.unknown("the OCSP response of " + responder + " has no usable status", reusableUntil);
	}

	private static boolean signedByIssuerOrItsResponder(BasicOCSPResp basic, X509Certificate issuer, Instant now)
			throws OperatorCreationException, OCSPException, CertificateException {
		if (basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()))) {
			return true;
		}
		JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
		for (X509CertificateHolder holder : basic.getCerts()) {
			X509Certificate responder = converter.getCertificate(holder);
			List<String> purposes = responder.getExtendedKeyUsage();
			if (responder.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) && purposes != null
					&& purposes.contains(OCSP_SIGNING) && issuedBy(responder, issuer)
					&& !now.isBefore(responder.getNotBefore().toInstant())
					&& !now.isAfter(responder.getNotAfter().toInstant())
					&& basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder))) {
				return true;
			}
		}
		return false;
	}

	private static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
		try {
			certificate.verify(issuer.getPublicKey());
			return true;
		}
		catch (java.security.GeneralSecurityException ex) {
			return false;
		}
	}

	/**
	 * A responder that did not answer is asked again soon, but not on every request.
	 */
	static Duration failureTimeToLive(Duration cacheTimeToLive) {
		Duration thirtySeconds = Duration.ofSeconds(30);
		return cacheTimeToLive.compareTo(thirtySeconds) < 0 ? cacheTimeToLive : thirtySeconds;
	}

}
