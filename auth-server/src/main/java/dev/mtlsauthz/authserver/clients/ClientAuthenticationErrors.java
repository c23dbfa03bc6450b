package dev.mtlsauthz.authserver.clients;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * {@code invalid_client} (RFC 6749 section 5.2) with a description that says what was
 * wrong.
 */
final class ClientAuthenticationErrors {

	private static final String URI = "https://datatracker.ietf.org/doc/html/rfc8705#section-2";

	private ClientAuthenticationErrors() {
	}

	static OAuth2AuthenticationException invalidClient(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, URI));
	}

}
