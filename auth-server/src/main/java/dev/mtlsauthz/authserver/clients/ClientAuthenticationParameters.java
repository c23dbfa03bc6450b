package dev.mtlsauthz.authserver.clients;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;

/**
 * The parameters that carry a client's credentials, checked before any client
 * authentication converter reads them, so that a repeated, empty or missing one is an
 * {@code invalid_request} that names it. Spring Authorization Server's converters throw a
 * bare {@code invalid_request} for these ("the request is missing a required parameter,
 * repeats one, or is malformed"), which leaves a developer guessing which. RFC 6749
 * section 3.2: "Request and response parameters MUST NOT be included more than once".
 */
final class ClientAuthenticationParameters {

	private static final List<String> SINGLE = List.of(OAuth2ParameterNames.CLIENT_ID,
			OAuth2ParameterNames.CLIENT_SECRET, OAuth2ParameterNames.CLIENT_ASSERTION,
			OAuth2ParameterNames.CLIENT_ASSERTION_TYPE, PkceParameterNames.CODE_VERIFIER);

	private static final String RFC6749 = "https://datatracker.ietf.org/doc/html/rfc6749#section-3.2";

	private static final String RFC7521 = "https://datatracker.ietf.org/doc/html/rfc7521#section-4.2";

	private ClientAuthenticationParameters() {
	}

	/**
	 * @throws OAuth2AuthenticationException {@code invalid_request} naming the parameter
	 * that is repeated, empty or missing
	 */
	static void check(HttpServletRequest request) {
		for (String name : SINGLE) {
			String[] values = request.getParameterValues(name);
			if (values != null && values.length > 1) {
				throw invalidRequest(name + " is repeated: send each parameter once", RFC6749);
			}
			if (values != null && values[0].isBlank()) {
				throw invalidRequest(name + " is empty", RFC6749);
			}
		}
		boolean assertion = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null;
		boolean assertionType = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE) != null;
		if (assertion != assertionType) {
			throw invalidRequest((assertion ? OAuth2ParameterNames.CLIENT_ASSERTION_TYPE
					: OAuth2ParameterNames.CLIENT_ASSERTION)
					+ " is missing: a client assertion is sent as client_assertion and client_assertion_type together",
					RFC7521);
		}
		boolean basic = isBasic(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (!basic && request.getParameter(OAuth2ParameterNames.CLIENT_ID) == null) {
			if (assertion) {
				throw invalidRequest(
						"client_id is missing: this server needs the client_id next to the client " + "assertion",
						RFC7521);
			}
			if (request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null) {
				throw invalidRequest(
						"client_id is missing: client_secret_post sends client_id and client_secret " + "in the body",
						RFC6749);
			}
		}
		if (basic) {
			checkBasic(request.getHeader(HttpHeaders.AUTHORIZATION));
		}
	}

	private static boolean isBasic(String authorization) {
		return authorization != null && authorization.regionMatches(true, 0, "Basic", 0, 5)
				&& (authorization.length() == 5 || Character.isWhitespace(authorization.charAt(5)));
	}

	/** RFC 6749 section 2.3.1: {@code Basic base64(client_id ":" client_secret)}. */
	private static void checkBasic(String authorization) {
		String[] parts = authorization.split("\\s");
		String credentials = null;
		if (parts.length == 2) {
			try {
				credentials = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				credentials = null;
			}
		}
		int colon = credentials != null ? credentials.indexOf(':') : -1;
		if (colon <= 0 || colon == credentials.length() - 1) {
			throw invalidRequest(
					"Authorization: the Basic credentials must be the base64 encoding of "
							+ "client_id:client_secret, both non-empty",
					"https://datatracker.ietf.org/doc/html/rfc6749#section-2.3.1");
		}
	}

	private static OAuth2AuthenticationException invalidRequest(String description, String uri) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, uri));
	}

}
