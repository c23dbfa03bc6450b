package dev.mtlsauthz.resourceapi.tokens;

import java.text.ParseException;

import com.nimbusds.jwt.JWTParser;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * Authenticates an access token of either kind the issuer hands out, deciding per token:
 * a JWT (three base64url parts that parse as a JWT) is verified locally against the
 * issuer's JWK Set (RFC 9068); anything else is an opaque reference token and is
 * introspected (RFC 7662).
 * <p>
 * When the issuer cannot be reached the answer is {@code 503} with
 * {@code error="temporarily_unavailable"} rather than Spring Security's default of
 * rethrowing (a 500): the token may well be valid, so telling the client it is invalid
 * would be wrong too.
 */
public class AccessTokenAuthenticationManager implements AuthenticationManager {

	private static final Log logger = LogFactory.getLog(AccessTokenAuthenticationManager.class);

	private final AuthenticationProvider jwt;

	private final AuthenticationProvider opaque;

	public AccessTokenAuthenticationManager(AuthenticationProvider jwt, AuthenticationProvider opaque) {
		this.jwt = jwt;
		this.opaque = opaque;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		// Being the application's AuthenticationManager bean, this is also the parent of
		// the filter chain's: a DPoP request its DPoP provider refused comes here too.
		if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
			return null;
		}
		String token = bearer.getToken();
		try {
			return (isJwt(token) ? jwt : opaque).authenticate(authentication);
		}
		catch (AuthenticationServiceException ex) {
			throw issuerUnavailable(ex);
		}
		catch (AuthenticationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw issuerUnavailable(ex);
		}
	}

	static boolean isJwt(String token) {
		if (token.chars().filter(c -> c == '.').count() != 2) {
			return false;
		}
		try {
			JWTParser.parse(token);
			return true;
		}
		catch (ParseException ex) {
			return false;
		}
	}

	private static OAuth2AuthenticationException issuerUnavailable(RuntimeException cause) {
		logger.warn("Cannot validate an access token: " + cause.getMessage(), cause);
		String description = "The access token cannot be validated now: the authorization server is unavailable";
		return new OAuth2AuthenticationException(new BearerTokenError(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE,
				HttpStatus.SERVICE_UNAVAILABLE, description, null), description, cause);
	}

}
