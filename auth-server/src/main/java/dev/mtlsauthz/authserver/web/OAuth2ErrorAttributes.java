package dev.mtlsauthz.authserver.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * Boot's error attributes plus the OAuth 2.0 error that ended the request, when there was
 * one, so that the error page can explain it to a person: {@code oauth2_error},
 * {@code oauth2_error_description}, {@code explanation}, a sentence for someone who is
 * not a developer, and {@code offer_sign_out} when the request was a refused sign-out.
 */
public class OAuth2ErrorAttributes extends DefaultErrorAttributes {

	private static final String OAUTH2_ERROR = OAuth2ErrorAttributes.class.getName() + ".error";

	private static final String LOGOUT = OAuth2ErrorAttributes.class.getName() + ".logout";

	/**
	 * Records the error for the error page that {@code response.sendError} is about to
	 * show.
	 */
	public static void record(HttpServletRequest request, OAuth2Error error) {
		request.setAttribute(OAUTH2_ERROR, error);
	}

	/**
	 * Records the error of a refused RP-initiated logout request, whose page also offers
	 * the person to sign out here ({@code offer_sign_out}).
	 */
	public static void recordLogout(HttpServletRequest request, OAuth2Error error) {
		record(request, error);
		request.setAttribute(LOGOUT, Boolean.TRUE);
	}

	@Override
	public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
		Map<String, Object> attributes = super.getErrorAttributes(request, options);
		Object recorded = request.getAttribute(OAUTH2_ERROR, RequestAttributes.SCOPE_REQUEST);
		if (recorded instanceof OAuth2Error error) {
			attributes.put("oauth2_error", error.getErrorCode());
			if (error.getDescription() != null) {
				attributes.put("oauth2_error_description", error.getDescription());
			}
			boolean logout = request.getAttribute(LOGOUT, RequestAttributes.SCOPE_REQUEST) != null;
			attributes.put("explanation",
					logout ? ErrorExplanations.forLogout() : ErrorExplanations.forError(error.getErrorCode()));
			attributes.put("offer_sign_out", logout);
		}
		else {
			attributes.put("explanation", ErrorExplanations.forStatus((Integer) attributes.get("status")));
		}
		return attributes;
	}

}
