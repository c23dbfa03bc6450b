package dev.mtlsauthz.democlient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A step that did not behave as expected, with a message that says what was expected and
 * what happened instead.
 */
final class StepFailure extends RuntimeException {

	private final Map<String, String> details = new LinkedHashMap<>();

	StepFailure(String message) {
		super(message, null, false, false);
	}

	StepFailure detail(String name, Object value) {
		details.put(name, String.valueOf(value));
		return this;
	}

	Map<String, String> details() {
		return details;
	}

}
