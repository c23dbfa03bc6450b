package dev.mtlsauthz.authserver.throttling;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import dev.mtlsauthz.authserver.throttling.ThrottleKeys.Realm;

/**
 * Throttles the sign-in's password check. A wrong password and an unknown user name are
 * both {@link BadCredentialsException} and both count, so that neither the answer, its
 * time, nor a lockout tells whether the user exists.
 */
final class ThrottledSignIn implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	private final AuthenticationThrottle throttle;

	ThrottledSignIn(AuthenticationProvider delegate, AuthenticationThrottle throttle) {
		this.delegate = delegate;
		this.throttle = throttle;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		return throttle.attempt(Realm.USER, authentication.getName(), authentication.getDetails())
			.authenticate(delegate, authentication, BadCredentialsException.class::isInstance,
					SignInThrottledException::new);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return delegate.supports(authentication);
	}

}
