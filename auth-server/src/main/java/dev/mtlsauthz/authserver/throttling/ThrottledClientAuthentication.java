package dev.mtlsauthz.authserver.throttling;

import java.text.ParseException;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

import dev.mtlsauthz.authserver.throttling.ThrottleKeys.Realm;

/**
 * Throttles a client authentication provider for the methods whose secret can be guessed:
 * {@code client_secret_basic}, {@code client_secret_post}, and client assertions signed
 * with the client secret ({@code client_secret_jwt}, an HMAC {@code alg}, RFC 7523
 * section 2.2). An assertion signed with a private key goes straight to the provider.
 * Every {@code invalid_client} counts as a failure, an unknown client like a wrong
 * secret, so that both cost the same.
 */
final class ThrottledClientAuthentication implements AuthenticationProvider {

	private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private final AuthenticationProvider delegate;

	private final AuthenticationThrottle throttle;

	ThrottledClientAuthentication(AuthenticationProvider delegate, AuthenticationThrottle throttle) {
		this.delegate = delegate;
		this.throttle = throttle;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		if (!(authentication instanceof OAuth2ClientAuthenticationToken client) || !withGuessableSecret(client)) {
			return delegate.authenticate(authentication);
		}
		return throttle.attempt(Realm.CLIENT, client.getName(), client.getDetails())
			.authenticate(delegate, authentication,
					ex -> ex instanceof OAuth2AuthenticationException oauth2
							&& OAuth2ErrorCodes.INVALID_CLIENT.equals(oauth2.getError().getErrorCode()),
					ClientAuthenticationThrottledException::new);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return delegate.supports(authentication);
	}

	private static boolean withGuessableSecret(OAuth2ClientAuthenticationToken client) {
		ClientAuthenticationMethod method = client.getClientAuthenticationMethod();
		if (ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)
				|| ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method)) {
			return true;
		}
		return JWT_BEARER.equals(method.getValue()) && client.getCredentials() instanceof String assertion
				&& signedWithSharedSecret(assertion);
	}

	private static boolean signedWithSharedSecret(String assertion) {
		int dot = assertion.indexOf('.');
		if (dot <= 0) {
			return false;
		}
		try {
			JWSAlgorithm algorithm = JWSHeader.parse(new Base64URL(assertion.substring(0, dot))).getAlgorithm();
			return JWSAlgorithm.Family.HMAC_SHA.contains(algorithm);
		}
		catch (ParseException ex) {
			// Not a JWS: the provider refuses it, and there was no secret to guess.
			return false;
		}
	}

}
