package dev.mtlsauthz.authserver.throttling;

import java.time.Duration;

import org.springframework.security.authentication.LockedException;

/**
 * A sign-in refused before its password was checked, because too many have failed for
 * this user or from this address; the sign-in page tells the person how long to wait. As
 * a {@link LockedException} (an account status) it ends the authentication at once.
 */
public class SignInThrottledException extends LockedException {

	private final Duration retryAfter;

	SignInThrottledException(Duration retryAfter) {
		super("Too many failed sign-ins");
		this.retryAfter = retryAfter;
	}

	/** Whole seconds to wait, at least one. */
	public long retryAfterSeconds() {
		return AuthenticationThrottle.seconds(retryAfter);
	}

}
