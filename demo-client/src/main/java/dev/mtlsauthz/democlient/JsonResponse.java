package dev.mtlsauthz.democlient;

import java.net.http.HttpResponse;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP response whose body is a JSON object, as every OAuth endpoint and the resource
 * API answer; {@code json} is empty when the body is not a JSON object (an HTML error
 * page, an empty 401).
 */
record JsonResponse(int status, Map<String, Object> json, String body) {

	static JsonResponse of(HttpResponse<String> response) {
		return new JsonResponse(response.statusCode(), parse(response.body()), response.body());
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> parse(String body) {
		try {
			Object value = JsonMapper.shared().readValue(body, Object.class);
			return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
		}
		catch (JacksonException ex) {
			return Map.of();
		}
	}

	String string(String member) {
		Object value = json.get(member);
		return value == null ? null : String.valueOf(value);
	}

	/**
	 * The OAuth error of an error response (RFC 6749 section 5.2), for a step's failure
	 * message.
	 */
	String describeError() {
		if (json.containsKey("error")) {
			String description = string("error_description");
			return status + " " + string("error") + (description != null ? ": " + description : "");
		}
		return status + (body.isBlank() ? " with an empty body" : ": " + abbreviate(body));
	}

	private static String abbreviate(String text) {
		String oneLine = text.strip().replaceAll("\\s+", " ");
		return oneLine.length() > 160 ? oneLine.substring(0, 157) + "..." : oneLine;
	}
}
