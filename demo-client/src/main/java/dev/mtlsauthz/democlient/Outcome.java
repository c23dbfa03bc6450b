package dev.mtlsauthz.democlient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of a step that behaved as expected: the value later steps need, and what to
 * show.
 */
record Outcome<T>(T value, String summary, Map<String, String> details) {

	static <T> Outcome<T> of(T value, String summary) {
		return new Outcome<>(value, summary, new LinkedHashMap<>());
	}

	/**
	 * Adds a fact; a list (a {@code scope} claim, for instance) is shown space-separated,
	 * as OAuth writes it.
	 */
	Outcome<T> detail(String name, Object value) {
		details.put(name, value instanceof java.util.Collection<?> list
				? String.join(" ", list.stream().map(String::valueOf).toList()) : String.valueOf(value));
		return this;
	}
}
