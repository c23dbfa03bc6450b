package dev.mtlsauthz.democlient;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of a step that behaved as expected: the value later steps need, and what to show.
 */
record Outcome<T>(T value, String summary, Map<String, String> details) {

    static <T> Outcome<T> of(T value, String summary) {
        return new Outcome<>(value, summary, new LinkedHashMap<>());
    }

    Outcome<T> detail(String name, Object value) {
        details.put(name, String.valueOf(value));
        return this;
    }
}
