package dev.mtlsauthz.dpop;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The answer to a refused DPoP request (RFC 9449 section 7.1): {@code 401} with
 * {@code WWW-Authenticate: DPoP error="...", error_description="...", algs="..."}, the
 * error being {@code invalid_dpop_proof}, {@code use_dpop_nonce} (with a fresh nonce in
 * {@code DPoP-Nonce}, section 9) or {@code invalid_token}. Unlike Spring Security's
 * {@code DPoPAuthenticationEntryPoint}, the description says which check refused the
 * proof (Spring's provider keeps it in the exception's cause), and {@code algs} lists the
 * algorithms this server actually accepts. A {@code invalid_request} (a missing or
 * doubled {@code DPoP} header) is {@code 400}, and an error that carries its own status
 * (the issuer unavailable) keeps it.
 */
public final class DpopChallenges implements AuthenticationEntryPoint, AuthenticationFailureHandler {

	private final List<String> algorithms;

	private final DpopNonces nonces;

	public DpopChallenges(DpopProofVerifier verifier) {
		this.algorithms = verifier.algorithms();
		this.nonces = verifier.nonces();
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) {
		OAuth2Error error = errorOf(failure);
		StringBuilder challenge = new StringBuilder("DPoP error=\"").append(error.getErrorCode()).append('"');
		if (error.getDescription() != null) {
			challenge.append(", error_description=\"").append(quotable(error.getDescription())).append('"');
		}
		challenge.append(", algs=\"").append(String.join(" ", algorithms)).append('"');
		response.addHeader(HttpHeaders.WWW_AUTHENTICATE, challenge.toString());
		if (nonces != null) {
			response.setHeader(DpopNonces.HEADER, nonces.current());
		}
		response.setStatus(status(error).value());
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException failure) {
		commence(request, response, failure);
	}

	private static OAuth2Error errorOf(AuthenticationException failure) {
		if (failure instanceof OAuth2AuthenticationException oauth2) {
			OAuth2Error error = oauth2.getError();
			if (OAuth2ErrorCodes.INVALID_DPOP_PROOF.equals(error.getErrorCode()) && error.getDescription() == null) {
				return DpopProofVerifier.errorOf(failure);
			}
			return error;
		}
		return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The DPoP-bound access token is invalid", null);
	}

	private static HttpStatus status(OAuth2Error error) {
		if (error instanceof BearerTokenError bearer) {
			return bearer.getHttpStatus();
		}
		return OAuth2ErrorCodes.INVALID_REQUEST.equals(error.getErrorCode()) ? HttpStatus.BAD_REQUEST
				: HttpStatus.UNAUTHORIZED;
	}

	/** RFC 6750 section 3: descriptions are quoted strings of printable ASCII. */
	private static String quotable(String description) {
		return description.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "'");
	}

}
