package dev.mtlsauthz.authserver.throttling;

import java.time.Instant;

/**
 * One key's row: how many failures it has counted, until when it is locked, and when the
 * count is forgotten.
 *
 * @param failures the failures counted since the key was last forgotten
 * @param lockedUntil the end of the key's lockout, or {@code null}
 * @param expiresAt when the count is forgotten
 */
record FailureCount(int failures, Instant lockedUntil, Instant expiresAt) {

	boolean live(Instant now) {
		return expiresAt.isAfter(now);
	}

	boolean lockedAt(Instant now) {
		return lockedUntil != null && lockedUntil.isAfter(now);
	}

	/** The failures counted before one more at {@code now}: none once forgotten. */
	int failuresAt(Instant now) {
		return live(now) ? failures : 0;
	}

	/**
	 * The count after one more failure at {@code now}, with the lockout the key's limit
	 * calls for.
	 */
	static FailureCount after(FailureCount current, Instant now, int limit, ThrottlePolicy policy) {
		int failures = (current != null ? current.failuresAt(now) : 0) + 1;
		Instant lockedUntil = now.plus(policy.lockout(failures, limit));
		boolean locked = lockedUntil.isAfter(now);
		return new FailureCount(failures, locked ? lockedUntil : null,
				(locked ? lockedUntil : now).plus(policy.forgetAfter()));
	}

}
