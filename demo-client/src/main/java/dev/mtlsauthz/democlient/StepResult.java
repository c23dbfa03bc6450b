package dev.mtlsauthz.democlient;

import java.util.Map;

/**
 * What one step of the round trip did: whether it behaved as expected, a one-line
 * summary, and the facts that show it (endpoints, thumbprints, status codes) in the order
 * they are printed.
 */
public record StepResult(String id, String title, boolean passed, String summary, Map<String, String> details) {

	public StepResult {
		details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
	}

	/**
	 * The number of the step this belongs to: {@code 5} for {@code 5b}, {@code 6}
	 * for {@code 6a.4b}.
	 */
	public int stepNumber() {
		return Character.digit(id.charAt(0), 10);
	}
}
