package dev.mtlsauthz.authserver.throttling;

import java.time.Duration;

import dev.mtlsauthz.authserver.AuthServerProperties.Throttling;

/**
 * How many failures each key allows and how long a lockout lasts: once a key has reached
 * its limit, its next lockout is {@code firstLockout} doubled for every failure beyond
 * the limit, never longer than {@code maxLockout}.
 *
 * @param failuresPerIdentityAndAddress the limit of an account from one address
 * @param failuresPerIdentity the limit of an account from any address
 * @param failuresPerAddress the limit of an address for any account
 * @param firstLockout the lockout at the limit
 * @param maxLockout the longest lockout
 * @param forgetAfter how long a key's count is kept after its last failure or lockout
 */
record ThrottlePolicy(int failuresPerIdentityAndAddress, int failuresPerIdentity, int failuresPerAddress,
		Duration firstLockout, Duration maxLockout, Duration forgetAfter) {

	static ThrottlePolicy of(Throttling properties) {
		return new ThrottlePolicy(properties.failuresPerIdentityAndAddress(), properties.failuresPerIdentity(),
				properties.failuresPerAddress(), properties.firstLockout(), properties.maxLockout(),
				properties.forgetAfter());
	}

	/** The lockout after {@code failures} failures of a key limited to {@code limit}. */
	Duration lockout(int failures, int limit) {
		if (limit <= 0 || failures < limit) {
			return Duration.ZERO;
		}
		int doublings = failures - limit;
		// Past 2^40 times any lockout is longer than any sensible maximum.
		if (doublings >= 40) {
			return maxLockout;
		}
		Duration lockout = firstLockout.multipliedBy(1L << doublings);
		return lockout.compareTo(maxLockout) > 0 ? maxLockout : lockout;
	}

}
