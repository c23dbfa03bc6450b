package dev.mtlsauthz.authserver.logout;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.util.StringUtils;

import dev.mtlsauthz.authserver.web.OAuth2ErrorAttributes;

/**
 * What the person sees after an RP-initiated logout request (OpenID Connect RP-Initiated
 * Logout 1.0 sections 3 and 4).
 */
final class LogoutResponses {

	/** The sign-in page with its "You have been signed out" message. */
	static final String SIGNED_OUT = "/login?logout";

	private LogoutResponses() {
	}

	/**
	 * Ends the session and returns to the client's {@code post_logout_redirect_uri}, as
	 * Spring Authorization Server's {@link OidcLogoutAuthenticationSuccessHandler} does;
	 * without one, it shows the sign-in page saying the person was signed out, where the
	 * stock handler sends them to {@code /}, which asks them to sign in without a word.
	 */
	static AuthenticationSuccessHandler success() {
		OidcLogoutAuthenticationSuccessHandler toClient = new OidcLogoutAuthenticationSuccessHandler();
		SecurityContextLogoutHandler signOut = new SecurityContextLogoutHandler();
		return (request, response, authentication) -> {
			OidcLogoutAuthenticationToken logout = (OidcLogoutAuthenticationToken) authentication;
			if (StringUtils.hasText(logout.getPostLogoutRedirectUri())) {
				toClient.onAuthenticationSuccess(request, response, authentication);
				return;
			}
			if (logout.isPrincipalAuthenticated()) {
				signOut.logout(request, response, (Authentication) logout.getPrincipal());
			}
			response.sendRedirect(request.getContextPath() + SIGNED_OUT);
		};
	}

	/**
	 * Section 4: a request that fails validation is not redirected to the client; the
	 * error page explains it, with the OAuth error code and description for developers,
	 * and offers the person to sign out here. The stock handler sends a bare 400.
	 */
	static AuthenticationFailureHandler failure() {
		return new AuthenticationFailureHandler() {
			@Override
			public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
					AuthenticationException exception) throws IOException, ServletException {
				OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth2 ? oauth2.getError()
						: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
				OAuth2ErrorAttributes.recordLogout(request, error);
				response.sendError(HttpStatus.BAD_REQUEST.value());
			}
		};
	}

}
