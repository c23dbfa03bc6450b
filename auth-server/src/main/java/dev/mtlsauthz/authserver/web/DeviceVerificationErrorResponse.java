package dev.mtlsauthz.authserver.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Sends the user back to the activation page when device verification (RFC 8628 section
 * 3.3) fails: a wrong or expired code ({@code ?error}), or consent denied
 * ({@code ?denied}), instead of a bare 400.
 */
public class DeviceVerificationErrorResponse implements AuthenticationFailureHandler {

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		boolean denied = exception instanceof OAuth2AuthenticationException oauth2
				&& OAuth2ErrorCodes.ACCESS_DENIED.equals(oauth2.getError().getErrorCode());
		response
			.sendRedirect(request.getContextPath() + DeviceActivationController.PATH + (denied ? "?denied" : "?error"));
	}

}
