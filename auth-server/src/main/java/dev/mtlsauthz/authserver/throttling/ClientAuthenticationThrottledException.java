package dev.mtlsauthz.authserver.throttling;

import java.time.Duration;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * {@code invalid_client} (RFC 6749 section 5.2) for a client whose secret may not be
 * tried yet, with the time to wait, which the error response also sends as
 * {@code Retry-After} (RFC 9110 section 10.2.3). It does not say which key is locked: the
 * client itself, or the address it calls from.
 */
public class ClientAuthenticationThrottledException extends OAuth2AuthenticationException {

	private final Duration retryAfter;

	ClientAuthenticationThrottledException(Duration retryAfter) {
		super(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
				"Too many failed client authentications: try again in "
						+ AuthenticationThrottle.waitingTime(retryAfter),
				"https://datatracker.ietf.org/doc/html/rfc6749#section-5.2"));
		this.retryAfter = retryAfter;
	}

	/** Whole seconds to wait, at least one. */
	public long retryAfterSeconds() {
		return AuthenticationThrottle.seconds(retryAfter);
	}

}
