package dev.mtlsauthz.authserver.revocation;

import java.time.Instant;
import java.util.List;

/**
 * The words of RFC 5280 section 5.3.1 for a revocation reason, for error descriptions.
 */
final class Revocations {

	private static final List<String> REASONS = List.of("unspecified", "keyCompromise", "cACompromise",
			"affiliationChanged", "superseded", "cessationOfOperation", "certificateHold", "unused", "removeFromCRL",
			"privilegeWithdrawn", "aACompromise");

	private Revocations() {
	}

	/**
	 * @param reason the CRLReason code, or -1 when none was given
	 * @param source where the revocation was learnt (OCSP, CRL)
	 */
	static String describe(Instant revokedAt, int reason, String source) {
		String because = reason >= 0 && reason < REASONS.size() ? "reason " + REASONS.get(reason) : "no reason given";
		return "revoked on " + revokedAt + ", " + because + " (" + source + ")";
	}

}
