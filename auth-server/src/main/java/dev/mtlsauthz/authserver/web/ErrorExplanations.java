package dev.mtlsauthz.authserver.web;

import java.util.Map;

/**
 * What an OAuth 2.0 error (RFC 6749 section 4.1.2.1, OpenID Connect Core section 3.1.2.6)
 * means for the person looking at the page, and what they can do about it.
 */
final class ErrorExplanations {

	private static final Map<String, String> BY_ERROR = Map.ofEntries(
			Map.entry("invalid_request", "The application that sent you here made a request this server cannot "
					+ "accept: a parameter is missing, repeated or malformed, or the return address (redirect URI) "
					+ "is not one the application registered. Go back to the application and try again; if it "
					+ "keeps happening, tell its developers."),
			Map.entry("unauthorized_client",
					"The application that sent you here is not allowed to sign people in "
							+ "this way. Its developers need to change its registration."),
			Map.entry("access_denied", "Access was not granted, so the application did not receive permission."),
			Map.entry("unsupported_response_type",
					"The application asked for a kind of response this server does "
							+ "not give. Its developers need to fix the request."),
			Map.entry("invalid_scope",
					"The application asked for permissions that do not exist or that it may not " + "request."),
			Map.entry("invalid_client",
					"The application that sent you here is unknown to this server, or has " + "been disabled."),
			Map.entry("invalid_grant",
					"The code you entered is wrong or has expired. Ask the device for a new " + "one."),
			Map.entry("server_error", "Something went wrong on our side. Please try again in a moment."),
			Map.entry("temporarily_unavailable",
					"The sign-in service is busy or down for maintenance. Please try " + "again in a moment."));

	private ErrorExplanations() {
	}

	static String forError(String errorCode) {
		return BY_ERROR.getOrDefault(errorCode,
				"The request could not be completed. Go back to the application " + "and try again.");
	}

	static String forLogout() {
		return "The application asked to sign you out, but its request could not be accepted, so you were not "
				+ "signed out and were not sent back to it. You can sign out here.";
	}

	static String forStatus(Integer status) {
		if (Integer.valueOf(503).equals(status)) {
			return BY_ERROR.get("temporarily_unavailable");
		}
		if (status == null || status >= 500) {
			return BY_ERROR.get("server_error");
		}
		if (status == 404) {
			return "There is no page at this address.";
		}
		if (status == 403) {
			return "You are not allowed to see this page.";
		}
		return "The request could not be completed. Go back and try again.";
	}

}
