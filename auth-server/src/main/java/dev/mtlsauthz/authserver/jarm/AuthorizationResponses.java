package dev.mtlsauthz.authserver.jarm;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sends every authorization response back to the client, success (RFC 6749 section 4.1.2)
 * and error (section 4.1.2.1) alike:
 * <ul>
 * <li>with {@code iss}, the issuer identifier (RFC 9207 section 2), so that a client
 * talking to several authorization servers can tell which one answered;</li>
 * <li>in the response mode the request asked for ({@link ResponseMode}): in the query of
 * the redirect URI, as an auto-submitting HTML form ({@code form_post}), or as one signed
 * JWT in the {@code response} parameter (JARM: {@code jwt}, {@code query.jwt},
 * {@code form_post.jwt}), signed by {@link SignedResponses} with {@code iss}, {@code aud}
 * (the client), {@code exp} and the response's parameters.</li>
 * </ul>
 * A refusal that cannot go back to the client (no client, or no redirect URI that is
 * known to be the client's) goes to {@code errorPage} instead. The response mode of a
 * success is read from the authorization request stored with the code (one lookup by the
 * code, also for requests that were pushed, whose mode is in the pushed request).
 */
public class AuthorizationResponses implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

	private static final String SUBMIT = "document.forms[0].submit();";

	private static final String SUBMIT_HASH = "'sha256-" + sha256(SUBMIT) + "'";

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private final SignedResponses signer;

	private final OAuth2AuthorizationService authorizations;

	private final AuthenticationFailureHandler errorPage;

	public AuthorizationResponses(SignedResponses signer, OAuth2AuthorizationService authorizations,
			AuthenticationFailureHandler errorPage) {
		this.signer = signer;
		this.authorizations = authorizations;
		this.errorPage = errorPage;
	}

	/**
	 * Refuses a response mode this server does not offer, before anything is sent in it.
	 */
	public static Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> responseModeValidator() {
		return context -> {
			OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
			Object requested = request.getAdditionalParameters().get(ResponseMode.PARAMETER);
			if (ResponseMode.of(requested).isEmpty()) {
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "response_mode " + requested
								+ " is not supported: use one of " + ResponseMode.supported(), null),
						withoutResponseMode(request));
			}
		};
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken result = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		String code = result.getAuthorizationCode().getTokenValue();
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put(OAuth2ParameterNames.CODE, code);
		putIfPresent(parameters, OAuth2ParameterNames.STATE, result.getState());
		parameters.put("iss", signer.issuer());
		send(response, result.getRedirectUri(), result.getClientId(), parameters, responseModeOf(code));
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		OAuth2AuthorizationCodeRequestAuthenticationToken failed = exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequest
				? codeRequest.getAuthorizationCodeRequestAuthentication() : null;
		if (failed == null || !StringUtils.hasText(failed.getRedirectUri())) {
			errorPage.onAuthenticationFailure(request, response, exception);
			return;
		}
		OAuth2Error error = ((OAuth2AuthenticationException) exception).getError();
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put(OAuth2ParameterNames.ERROR, error.getErrorCode());
		putIfPresent(parameters, OAuth2ParameterNames.ERROR_DESCRIPTION, error.getDescription());
		putIfPresent(parameters, OAuth2ParameterNames.ERROR_URI, error.getUri());
		putIfPresent(parameters, OAuth2ParameterNames.STATE, failed.getState());
		parameters.put("iss", signer.issuer());
		ResponseMode mode = ResponseMode.of(failed.getAdditionalParameters().get(ResponseMode.PARAMETER))
			.orElse(ResponseMode.QUERY);
		send(response, failed.getRedirectUri(), failed.getClientId(), parameters, mode);
	}

	private ResponseMode responseModeOf(String code) {
		OAuth2Authorization authorization = authorizations.findByToken(code, CODE);
		OAuth2AuthorizationRequest request = authorization != null
				? authorization.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		Object requested = request != null ? request.getAdditionalParameters().get(ResponseMode.PARAMETER) : null;
		return ResponseMode.of(requested).orElse(ResponseMode.QUERY);
	}

	private void send(HttpServletResponse response, String redirectUri, String clientId, Map<String, Object> parameters,
			ResponseMode mode) throws IOException {
		Map<String, Object> sent = mode.signed() ? Map.of("response", signer.sign(null, clientId, parameters))
				: parameters;
		if (mode.formPost()) {
			formPost(response, redirectUri, sent);
			return;
		}
		UriComponentsBuilder redirect = UriComponentsBuilder.fromUriString(redirectUri);
		sent.forEach((name, value) -> redirect.queryParam(name, String.valueOf(value)));
		response.sendRedirect(redirect.encode().build().toUriString());
	}

	/**
	 * OAuth 2.0 Form Post Response Mode section 2: an HTML page whose form posts the
	 * parameters to the redirect URI as soon as it loads. Its content security policy
	 * allows that one script (by its hash), forms to the redirect URI's origin only, no
	 * framing, and nothing else; without scripts the person presses the button.
	 */
	private static void formPost(HttpServletResponse response, String redirectUri, Map<String, Object> parameters)
			throws IOException {
		StringBuilder inputs = new StringBuilder();
		parameters.forEach((name, value) -> inputs.append("<input type=\"hidden\" name=\"")
			.append(HtmlUtils.htmlEscape(name))
			.append("\" value=\"")
			.append(HtmlUtils.htmlEscape(String.valueOf(value)))
			.append("\">\n"));
		String page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Submit this form</title>"
				+ "</head>\n<body><form method=\"post\" action=\"" + HtmlUtils.htmlEscape(redirectUri) + "\">\n"
				+ inputs + "<noscript><button type=\"submit\">Continue</button></noscript></form>\n<script>" + SUBMIT
				+ "</script></body></html>\n";
		URI target = URI.create(redirectUri);
		String origin = target.getScheme() + "://" + target.getRawAuthority();
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("text/html;charset=UTF-8");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.setHeader("Content-Security-Policy", "default-src 'none'; script-src " + SUBMIT_HASH + "; form-action "
				+ origin + "; frame-ancestors 'none'; base-uri 'none'");
		response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
	}

	private static void putIfPresent(Map<String, Object> parameters, String name, String value) {
		if (StringUtils.hasText(value)) {
			parameters.put(name, value);
		}
	}

	/** The request without the mode it asked for, so that the refusal goes as a query. */
	private static OAuth2AuthorizationCodeRequestAuthenticationToken withoutResponseMode(
			OAuth2AuthorizationCodeRequestAuthenticationToken request) {
		Map<String, Object> parameters = new LinkedHashMap<>(request.getAdditionalParameters());
		parameters.remove(ResponseMode.PARAMETER);
		return new OAuth2AuthorizationCodeRequestAuthenticationToken(request.getAuthorizationUri(),
				request.getClientId(), (Authentication) request.getPrincipal(), request.getRedirectUri(),
				request.getState(), request.getScopes(), parameters);
	}

	private static String sha256(String script) {
		try {
			return Base64.getEncoder()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
