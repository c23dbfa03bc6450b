package dev.mtlsauthz.authserver.clients;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Writes client authentication failures as RFC 6749 section 5.2 error responses, keeping the description: stock
 * Spring Authorization Server sends only the bare error code, which leaves an operator guessing whether the
 * certificate was missing, untrusted, expired or for another client. {@code invalid_client} is a 401, with a
 * {@code WWW-Authenticate} challenge when the client used the Authorization header.
 */
public class ClientAuthenticationFailureHandler implements AuthenticationFailureHandler {

    private final OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth2
                ? oauth2.getError()
                : new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed", null);
        ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
        if (OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())) {
            httpResponse.setStatusCode(HttpStatus.UNAUTHORIZED);
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                httpResponse.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"mtls-authz\"");
            }
        } else {
            httpResponse.setStatusCode(HttpStatus.BAD_REQUEST);
        }
        httpResponse.getHeaders().setCacheControl("no-store");
        errors.write(withDescription(error), null, httpResponse);
    }

    /** Answers an unauthenticated request to an endpoint that requires client authentication. */
    public static AuthenticationEntryPoint entryPoint() {
        ClientAuthenticationFailureHandler handler = new ClientAuthenticationFailureHandler();
        return (request, response, exception) -> handler.onAuthenticationFailure(request, response,
                new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
                        "Client authentication is required: send client credentials, a client assertion, or a "
                                + "client_id with the client's certificate",
                        null)));
    }

    private static OAuth2Error withDescription(OAuth2Error error) {
        if (error.getDescription() != null) {
            return error;
        }
        String description = OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())
                ? "Client authentication failed: unknown or disabled client, or wrong credentials"
                : "The request is missing a parameter or repeats one";
        return new OAuth2Error(error.getErrorCode(), description, error.getUri());
    }
}
