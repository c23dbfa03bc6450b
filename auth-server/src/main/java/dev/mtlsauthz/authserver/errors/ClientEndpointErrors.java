package dev.mtlsauthz.authserver.errors;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The error page of the endpoints clients call: when a request to one of them ends in an
 * error that nothing answered (Spring MVC's 405, 406 or 415 at the RFC 7592 and RFC 9728
 * endpoints, an exception, a limit of Tomcat's), Tomcat forwards it to Spring Boot's
 * {@code /error}, which would answer {@code {"timestamp":...,"status":...,"error":"..."}}
 * or an HTML page. This filter, on that error dispatch, answers instead as RFC 6749
 * section 5.2 does: {@code error} and {@code error_description}, with the same status.
 * Nothing of the exception is shown.
 */
class ClientEndpointErrors extends OncePerRequestFilter {

	private final ClientEndpoints endpoints;

	ClientEndpointErrors(ClientEndpoints endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (!(path instanceof String uri) || !(status instanceof Integer code)
				|| !endpoints.isClientEndpoint(uri, request)) {
			chain.doFilter(request, response);
			return;
		}
		HttpStatus resolved = HttpStatus.resolve(code);
		OAuth2ErrorResponseHandler.write(response,
				resolved != null ? resolved : (code >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST),
				error(code));
	}

	/**
	 * An RFC 6749 error code and a description for the status, the same for every cause.
	 */
	static OAuth2Error error(int status) {
		return switch (status) {
			case 400 -> new OAuth2Error("invalid_request",
					"The request is malformed: its request line, a header, the query string or the body cannot be "
							+ "read",
					null);
			case 404 -> new OAuth2Error("not_found", "There is no endpoint at this path", null);
			case 405 -> new OAuth2Error("invalid_request", "The endpoint does not accept this HTTP method", null);
			case 406 -> new OAuth2Error("invalid_request", "The endpoint answers with application/json only", null);
			case 413 -> new OAuth2Error("invalid_request", "The request is too large", null);
			case 414 -> new OAuth2Error("invalid_request", "The request URI is too long", null);
			case 415 -> new OAuth2Error("invalid_request", "The endpoint does not accept this content type", null);
			case 431 -> new OAuth2Error("invalid_request", "The request's headers are too large", null);
			case 503 -> new OAuth2Error("temporarily_unavailable",
					"The server cannot answer at the moment; try again later", null);
			default -> status >= 500
					? new OAuth2Error("server_error", "The server failed to answer the request; try again later", null)
					: new OAuth2Error("invalid_request", "The request cannot be answered (HTTP " + status + ")", null);
		};
	}

}
