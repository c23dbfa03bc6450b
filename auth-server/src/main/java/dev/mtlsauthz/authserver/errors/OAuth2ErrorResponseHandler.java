package dev.mtlsauthz.authserver.errors;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import dev.mtlsauthz.authserver.throttling.ClientAuthenticationThrottledException;

/**
 * Writes the error responses of the endpoints clients call directly (token,
 * introspection, revocation, pushed authorization requests, device authorization, and
 * client authentication at all of them) as RFC 6749 section 5.2 says, always with an
 * {@code error_description}: stock Spring Authorization Server drops the description of a
 * client authentication failure and throws several errors with none
 * ({@code invalid_scope}, {@code invalid_grant}), which leaves an operator guessing.
 * {@code invalid_client} is a 401, with a {@code WWW-Authenticate} challenge when the
 * client used the Authorization header, and {@code Retry-After} when the client's
 * authentication is throttled; every other error is a 400.
 * <p>
 * It takes the place of Spring Authorization Server's
 * {@code OAuth2ErrorAuthenticationFailureHandler} at those endpoints
 * ({@link #customize}), and of the client authentication filter's own failure handler,
 * which keeps only the error code.
 */
public class OAuth2ErrorResponseHandler implements AuthenticationFailureHandler {

	private static final Logger log = LoggerFactory.getLogger(OAuth2ErrorResponseHandler.class);

	/** What a bare error code means, for the errors thrown without a description. */
	private static final Map<String, String> DESCRIPTIONS = Map.of(OAuth2ErrorCodes.INVALID_CLIENT,
			"Client authentication failed: unknown or disabled client, or wrong credentials",
			OAuth2ErrorCodes.INVALID_GRANT,
			"The authorization code, device code or refresh token is invalid, expired, "
					+ "revoked, already used, or was issued to another client",
			OAuth2ErrorCodes.INVALID_SCOPE,
			"The requested scope is unknown, malformed, or more than the client is "
					+ "registered for (or than the grant allows)",
			OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "The client is not registered for this grant type",
			OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE, "The grant type is not supported",
			OAuth2ErrorCodes.INVALID_REQUEST,
			"The request is missing a required parameter, repeats one, or is malformed", OAuth2ErrorCodes.ACCESS_DENIED,
			"The resource owner or the authorization server denied the request", OAuth2ErrorCodes.INVALID_TOKEN,
			"The token is invalid");

	private static final OAuth2ErrorHttpMessageConverter ERRORS = new OAuth2ErrorHttpMessageConverter();

	/**
	 * How Spring Authorization Server begins a description to which it appends an
	 * exception's message (its endpoint filters catch every exception so): parser
	 * messages naming internal classes, SQL statements and constraint names, none of
	 * which belongs in a response.
	 */
	private static final List<String> EXCEPTION_MESSAGE_PREFIXES = List.of("OAuth 2.0 Client Registration Error: ",
			"OpenID Connect 1.0 Client Registration Error: ", "OpenID Client Registration Error: ",
			"OpenID Connect 1.0 UserInfo Error: ", "OpenID Connect 1.0 RP-Initiated Logout Error: ");

	/** Answers the errors of every endpoint clients call directly. */
	public void customize(OAuth2AuthorizationServerConfigurer server) {
		server.clientAuthentication(clientAuthentication -> clientAuthentication.errorResponseHandler(this))
			.tokenEndpoint(token -> token.errorResponseHandler(this))
			.tokenIntrospectionEndpoint(introspection -> introspection.errorResponseHandler(this))
			.tokenRevocationEndpoint(revocation -> revocation.errorResponseHandler(this))
			.deviceAuthorizationEndpoint(device -> device.errorResponseHandler(this))
			.pushedAuthorizationRequestEndpoint(par -> par.errorResponseHandler(this)
				.pushedAuthorizationRequestConverters(
						converters -> converters.add(new UnrecognisedPushedAuthorizationRequest())));
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth2 ? oauth2.getError()
				: new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, null, null);
		error = withAssertionProblems(error, exception);
		HttpStatus status = HttpStatus.BAD_REQUEST;
		if (OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())) {
			status = HttpStatus.UNAUTHORIZED;
			String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"mtls-authz\"");
			}
			if (exception instanceof ClientAuthenticationThrottledException throttled) {
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
			}
		}
		write(response, status, error);
	}

	/**
	 * Writes an error as RFC 6749 section 5.2 does, as JSON with an
	 * {@code error_description} (the code's usual meaning when it has none), not to be
	 * cached; also for this server's own errors outside Spring Security.
	 */
	public static void write(HttpServletResponse response, HttpStatus status, OAuth2Error error) throws IOException {
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(status);
		httpResponse.getHeaders().setCacheControl("no-store");
		ERRORS.write(withDescription(error), null, httpResponse);
	}

	/**
	 * Writes {@code 503 temporarily_unavailable} with {@code Retry-After} (RFC 9110
	 * section 10.2.3): the server is busy or cannot reach its database.
	 */
	public static void temporarilyUnavailable(HttpServletResponse response, Duration retryAfter, String description)
			throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, seconds(retryAfter));
		write(response, HttpStatus.SERVICE_UNAVAILABLE,
				new OAuth2Error(OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE, description, null));
	}

	/** A {@code Retry-After} value: whole seconds, at least one. */
	static String seconds(Duration retryAfter) {
		return Long.toString(Math.max(1, retryAfter.toSeconds()));
	}

	/**
	 * Answers an unauthenticated request to an endpoint that requires client
	 * authentication.
	 */
	public static AuthenticationEntryPoint clientAuthenticationRequired() {
		OAuth2ErrorResponseHandler handler = new OAuth2ErrorResponseHandler();
		return (request, response, exception) -> handler.onAuthenticationFailure(request, response,
				new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
						"Client authentication is required: send client credentials, a client assertion, or a "
								+ "client_id with the client's certificate",
						null)));
	}

	/**
	 * Spring Authorization Server reports a client assertion that failed validation as
	 * "Client authentication failed: client_assertion" whatever failed; the validators'
	 * own descriptions (expired, wrong audience, already used, ...) travel in the cause,
	 * and are this server's words, not an exception's message.
	 */
	private static OAuth2Error withAssertionProblems(OAuth2Error error, AuthenticationException exception) {
		if (OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())
				&& exception.getCause() instanceof JwtValidationException invalid && !invalid.getErrors().isEmpty()) {
			String problems = invalid.getErrors()
				.stream()
				.map(OAuth2Error::getDescription)
				.filter(description -> description != null && !description.isBlank())
				.distinct()
				.collect(Collectors.joining("; "));
			if (!problems.isEmpty()) {
				return new OAuth2Error(error.getErrorCode(), error.getDescription() + ": " + problems, error.getUri());
			}
		}
		return error;
	}

	/**
	 * Whether Spring Authorization Server wrote an exception's message into this error's
	 * description ({@link #EXCEPTION_MESSAGE_PREFIXES}).
	 */
	public static boolean carriesExceptionMessage(OAuth2Error error) {
		String description = error.getDescription();
		return description != null && EXCEPTION_MESSAGE_PREFIXES.stream().anyMatch(description::startsWith);
	}

	private static OAuth2Error withDescription(OAuth2Error error) {
		if (carriesExceptionMessage(error)) {
			log.warn("Answering {} without the exception's message: {}", error.getErrorCode(), error.getDescription());
			return new OAuth2Error(error.getErrorCode(),
					DESCRIPTIONS.getOrDefault(error.getErrorCode(), "The request failed: " + error.getErrorCode()),
					error.getUri());
		}
		if (error.getDescription() != null && !error.getDescription().isBlank()) {
			return error;
		}
		String description = DESCRIPTIONS.getOrDefault(error.getErrorCode(),
				"The request failed: " + error.getErrorCode());
		return new OAuth2Error(error.getErrorCode(), description, error.getUri());
	}

}
