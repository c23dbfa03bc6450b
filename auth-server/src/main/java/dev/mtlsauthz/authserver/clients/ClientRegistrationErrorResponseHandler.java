package dev.mtlsauthz.authserver.clients;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import dev.mtlsauthz.authserver.errors.OAuth2ErrorResponseHandler;

/**
 * The error responses of the registration endpoint (RFC 7591 section 3.2.2): the statuses
 * of Spring Authorization Server's own handler ({@code invalid_token} 401 with its RFC
 * 6750 challenge, {@code insufficient_scope} 403, the rest 400), but never an exception's
 * message. Spring Authorization Server's registration filter answers any unexpected
 * exception (a database failure, say) with {@code invalid_request} and the exception's
 * message, which here becomes {@code 500 server_error}: the request was not at fault, and
 * what failed is in the log, not in the response.
 */
class ClientRegistrationErrorResponseHandler implements AuthenticationFailureHandler {

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth2 ? oauth2.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
		HttpStatus status = switch (error.getErrorCode()) {
			case OAuth2ErrorCodes.INVALID_TOKEN, OAuth2ErrorCodes.INVALID_CLIENT -> HttpStatus.UNAUTHORIZED;
			case OAuth2ErrorCodes.INSUFFICIENT_SCOPE -> HttpStatus.FORBIDDEN;
			default -> HttpStatus.BAD_REQUEST;
		};
		if (OAuth2ErrorResponseHandler.carriesExceptionMessage(error)) {
			OAuth2ErrorResponseHandler.write(response, HttpStatus.INTERNAL_SERVER_ERROR,
					new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
							"The authorization server could not complete the registration; try again later", null));
			return;
		}
		if (status == HttpStatus.UNAUTHORIZED || status == HttpStatus.FORBIDDEN) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + error.getErrorCode() + "\"");
		}
		OAuth2ErrorResponseHandler.write(response, status, error);
	}

}
