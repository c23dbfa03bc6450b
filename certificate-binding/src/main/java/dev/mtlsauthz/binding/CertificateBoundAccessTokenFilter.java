package dev.mtlsauthz.binding;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.mtlsauthz.dpop.DpopRequests;
import dev.mtlsauthz.mtls.ClientCertificates;

/**
 * Runs right after {@link BearerTokenAuthenticationFilter} and applies
 * {@link CertificateBoundAccessTokenVerifier} to the access token it authenticated,
 * whether a JWT ({@link JwtAuthenticationToken}) or an introspected opaque token
 * ({@link BearerTokenAuthentication}), against the certificate in
 * {@link ClientCertificates} (the TLS connection's or a trusted proxy's). It is a filter
 * rather than a JWT validator so that opaque tokens get the same check (stock Spring
 * Security checks JWTs only) and so that the certificate comes from wherever
 * {@code ClientCertificateFilter} found it.
 * <p>
 * On failure the authentication is discarded and the entry point answers, by default
 * {@link BearerTokenAuthenticationEntryPoint}: {@code 401} with
 * {@code WWW-Authenticate: Bearer error="invalid_token", error_description="..."} (RFC
 * 6750 section 3). Requests authenticated some other way (a session, client credentials)
 * are left alone.
 */
public class CertificateBoundAccessTokenFilter extends OncePerRequestFilter {

	private final CertificateBoundAccessTokenVerifier verifier;

	private AuthenticationEntryPoint authenticationEntryPoint = new BearerTokenAuthenticationEntryPoint();

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	public CertificateBoundAccessTokenFilter(CertificateBoundAccessTokenVerifier verifier) {
		this.verifier = verifier;
	}

	public void setAuthenticationEntryPoint(AuthenticationEntryPoint authenticationEntryPoint) {
		this.authenticationEntryPoint = authenticationEntryPoint;
	}

	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = securityContextHolderStrategy.getContext().getAuthentication();
		// A token authenticated with the DPoP scheme was bound to the proof's key
		// (cnf.jkt,
		// RFC 9449 section 7.1) by Spring Security's DPoP provider: it has no
		// certificate.
		if (authentication instanceof AbstractOAuth2TokenAuthenticationToken<?> accessToken
				&& !DpopRequests.isDpopScheme(request.getHeader(HttpHeaders.AUTHORIZATION))) {
			try {
				verifier.verify(accessToken.getTokenAttributes(), ClientCertificates.leaf(request));
			}
			catch (OAuth2AuthenticationException ex) {
				// The entry point may want to know whose token was refused (an audit).
				ex.setAuthenticationRequest(accessToken);
				securityContextHolderStrategy.clearContext();
				authenticationEntryPoint.commence(request, response, ex);
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
