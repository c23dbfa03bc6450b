package dev.mtlsauthz.authserver.protectedresource;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.StringUtils;

import dev.mtlsauthz.authserver.errors.OAuth2ErrorResponseHandler;

/**
 * The {@code WWW-Authenticate: Bearer} challenge of RFC 6750 section 3 on every error of
 * this server's protected resources, at the issuer and at the mTLS aliases, naming the
 * resource's RFC 9728 metadata in {@code resource_metadata}:
 * <ul>
 * <li>as the resource server's entry point: no token, a token that does not verify, a
 * bound token without its certificate (the status and header only, as Spring Security's
 * {@code BearerTokenAuthenticationEntryPoint} answers);</li>
 * <li>as the error handler of Spring Authorization Server's userinfo endpoint, which
 * answers a revoked or unknown token ({@code invalid_token}, 401) and a token without the
 * {@code openid} scope ({@code insufficient_scope}, 403) with a JSON body alone; the body
 * stays, with a description.</li>
 * </ul>
 * It replaces {@code BearerTokenAuthenticationEntryPoint} because that one names
 * {@code /.well-known/oauth-protected-resource} for every request, a document that
 * describes no resource here (RFC 9728 section 3.3 wants the resource's own URL as its
 * identifier), and names it for requests to endpoints that are no protected resource.
 */
public class BearerTokenChallenges implements AuthenticationEntryPoint, AuthenticationFailureHandler {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6750#section-3.1";

	private final ProtectedResources resources;

	public BearerTokenChallenges(ProtectedResources resources) {
		this.resources = resources;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) {
		OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth2 ? oauth2.getError() : null;
		HttpStatus status = error instanceof BearerTokenError bearer ? bearer.getHttpStatus() : HttpStatus.UNAUTHORIZED;
		challenge(request, response, error);
		response.setStatus(status.value());
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = described(((OAuth2AuthenticationException) exception).getError());
		challenge(request, response, error);
		OAuth2ErrorResponseHandler.write(response, status(error), error);
	}

	private void challenge(HttpServletRequest request, HttpServletResponse response, OAuth2Error error) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (error != null) {
			parameters.put("error", error.getErrorCode());
			putIfText(parameters, "error_description", error.getDescription());
			putIfText(parameters, "error_uri", error.getUri());
			if (error instanceof BearerTokenError bearer) {
				putIfText(parameters, "scope", bearer.getScope());
			}
		}
		resources.addressedBy(request)
			.ifPresent(resource -> parameters.put("resource_metadata", resources.metadataUrl(resource, request)));
		String challenge = parameters.entrySet()
			.stream()
			.map(parameter -> parameter.getKey() + "=\"" + quotable(parameter.getValue()) + "\"")
			.collect(Collectors.joining(", "));
		response.addHeader(HttpHeaders.WWW_AUTHENTICATE, challenge.isEmpty() ? "Bearer" : "Bearer " + challenge);
	}

	/**
	 * The userinfo endpoint's errors carry a code only; RFC 6750 section 3.1 says what
	 * each means, and {@code insufficient_scope} names the scope that is missing.
	 */
	private static OAuth2Error described(OAuth2Error error) {
		if (StringUtils.hasText(error.getDescription())) {
			return error;
		}
		return switch (error.getErrorCode()) {
			case OAuth2ErrorCodes.INVALID_TOKEN -> new BearerTokenError(OAuth2ErrorCodes.INVALID_TOKEN,
					HttpStatus.UNAUTHORIZED,
					"The access token is not active: it has expired, been revoked, or was not issued by this server",
					ERROR_URI);
			case OAuth2ErrorCodes.INSUFFICIENT_SCOPE -> new BearerTokenError(OAuth2ErrorCodes.INSUFFICIENT_SCOPE,
					HttpStatus.FORBIDDEN, "The userinfo endpoint needs an access token with the openid scope",
					ERROR_URI, OidcScopes.OPENID);
			default ->
				new OAuth2Error(error.getErrorCode(), "The request was refused: " + error.getErrorCode(), ERROR_URI);
		};
	}

	private static HttpStatus status(OAuth2Error error) {
		return switch (error.getErrorCode()) {
			case OAuth2ErrorCodes.INVALID_TOKEN -> HttpStatus.UNAUTHORIZED;
			case OAuth2ErrorCodes.INSUFFICIENT_SCOPE -> HttpStatus.FORBIDDEN;
			default -> HttpStatus.BAD_REQUEST;
		};
	}

	private static void putIfText(Map<String, String> parameters, String name, String value) {
		if (StringUtils.hasText(value)) {
			parameters.put(name, value);
		}
	}

	/**
	 * RFC 6750 section 3 leaves {@code "} and {@code \} out of its parameters; a
	 * description that holds one would break the header.
	 */
	private static String quotable(String value) {
		return value.replace('"', '\'').replace('\\', '/');
	}

}
