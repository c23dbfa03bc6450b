package dev.mtlsauthz.authserver.binding;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;

import dev.mtlsauthz.mtls.X5tS256;

/**
 * Enforces RFC 8705 section 4 for public clients: a refresh token issued to a public
 * client is bound to the certificate its client presented, so refreshing with another
 * certificate, or none, is {@code invalid_grant}. The binding is read from the
 * {@code cnf} of the access token issued with the refresh token, which the refresh
 * re-binds to the same certificate each time. Confidential clients are bound through
 * client authentication instead and may rotate their certificate (section 7.1); their new
 * access token is bound to the new one.
 */
public class CertificateBoundRefreshTokenProvider implements AuthenticationProvider {

	private final AuthenticationProvider refreshTokenProvider;

	private final OAuth2AuthorizationService authorizations;

	public CertificateBoundRefreshTokenProvider(AuthenticationProvider refreshTokenProvider,
			OAuth2AuthorizationService authorizations) {
		this.refreshTokenProvider = refreshTokenProvider;
		this.authorizations = authorizations;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2RefreshTokenAuthenticationToken refresh = (OAuth2RefreshTokenAuthenticationToken) authentication;
		if (refresh.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod())) {
			OAuth2Authorization authorization = authorizations.findByToken(refresh.getRefreshToken(),
					OAuth2TokenType.REFRESH_TOKEN);
			if (authorization != null) {
				verifyPossession(authorization);
			}
		}
		return refreshTokenProvider.authenticate(authentication);
	}

	private static void verifyPossession(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		Map<String, Object> claims = accessToken != null && accessToken.getClaims() != null ? accessToken.getClaims()
				: Map.of();
		Optional<X5tS256> bound = X5tS256.fromClaims(claims);
		Optional<X509Certificate> presented = CertificateBinding.presentedCertificate();
		if (bound.isEmpty()) {
			throw invalidGrant("the refresh token of a public client is not bound to a certificate");
		}
		if (presented.isEmpty()) {
			throw invalidGrant("the refresh token is bound to a client certificate and none was presented");
		}
		if (!bound.get().matches(presented.get())) {
			throw invalidGrant("the refresh token is bound to a different client certificate");
		}
	}

	private static OAuth2AuthenticationException invalidGrant(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description,
				"https://datatracker.ietf.org/doc/html/rfc8705#section-4"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return refreshTokenProvider.supports(authentication);
	}

}
