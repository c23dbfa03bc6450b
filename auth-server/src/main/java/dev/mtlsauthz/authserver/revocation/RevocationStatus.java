package dev.mtlsauthz.authserver.revocation;

import java.time.Instant;

/**
 * What an OCSP response or a CRL says of one certificate, and until when that may be
 * reused.
 *
 * @param state good, revoked or unknown
 * @param detail the revocation reason and time, or why the status is unknown
 * @param reusableUntil when the answer must be fetched again
 */
record RevocationStatus(State state, String detail, Instant reusableUntil) {

	enum State {

		GOOD, REVOKED, UNKNOWN

	}

	static RevocationStatus good(Instant reusableUntil) {
		return new RevocationStatus(State.GOOD, "not revoked", reusableUntil);
	}

	static RevocationStatus revoked(String detail, Instant reusableUntil) {
		return new RevocationStatus(State.REVOKED, detail, reusableUntil);
	}

	static RevocationStatus unknown(String detail, Instant reusableUntil) {
		return new RevocationStatus(State.UNKNOWN, detail, reusableUntil);
	}

}
