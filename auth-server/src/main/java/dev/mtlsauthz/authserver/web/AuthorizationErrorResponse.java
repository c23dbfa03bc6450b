package dev.mtlsauthz.authserver.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Answers a failed authorization request (RFC 6749 section 4.1.2.1). When the client and
 * its redirect URI are known, the error goes back to the client in the redirect, as the
 * RFC requires; when they are not, the user must not be redirected anywhere, so the error
 * page explains the problem to the person instead.
 */
public class AuthorizationErrorResponse implements AuthenticationFailureHandler {

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth2 ? oauth2.getError()
				// Not an OAuth error: its message is Spring's, not ours to show.
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "The authorization request cannot be processed",
						null);
		OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest = exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequest
				? codeRequest.getAuthorizationCodeRequestAuthentication() : null;
		if (authorizationRequest == null || !StringUtils.hasText(authorizationRequest.getRedirectUri())) {
			OAuth2ErrorAttributes.record(request, error);
			response.sendError(HttpStatus.BAD_REQUEST.value());
			return;
		}
		UriComponentsBuilder redirect = UriComponentsBuilder.fromUriString(authorizationRequest.getRedirectUri())
			.queryParam(OAuth2ParameterNames.ERROR, error.getErrorCode());
		if (StringUtils.hasText(error.getDescription())) {
			redirect.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, error.getDescription());
		}
		if (StringUtils.hasText(error.getUri())) {
			redirect.queryParam(OAuth2ParameterNames.ERROR_URI, error.getUri());
		}
		if (StringUtils.hasText(authorizationRequest.getState())) {
			redirect.queryParam(OAuth2ParameterNames.STATE, authorizationRequest.getState());
		}
		response.sendRedirect(redirect.encode().build().toUriString());
	}

}
