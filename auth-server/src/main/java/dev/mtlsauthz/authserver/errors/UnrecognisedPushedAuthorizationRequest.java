package dev.mtlsauthz.authserver.errors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The last of the pushed authorization request converters: a request that none before it
 * recognised is {@code invalid_request} (RFC 9126 section 2.3, RFC 6749 section 4.1.2.1).
 * Spring Authorization Server's converter takes a POST without {@code response_type} for
 * a consent submission, not its business at the PAR endpoint, and returns nothing, which
 * its endpoint filter then fails on with an {@code IllegalArgumentException}: a 500 and a
 * stack trace in the log for every such request.
 */
final class UnrecognisedPushedAuthorizationRequest implements AuthenticationConverter {

	@Override
	public Authentication convert(HttpServletRequest request) {
		throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
				"A pushed authorization request needs response_type=code, client_id and the other parameters of "
						+ "an authorization request (RFC 9126 section 2.1)",
				"https://datatracker.ietf.org/doc/html/rfc9126#section-2.1"));
	}

}
