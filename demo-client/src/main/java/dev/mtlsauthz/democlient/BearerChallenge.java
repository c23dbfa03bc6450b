package dev.mtlsauthz.democlient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code WWW-Authenticate: Bearer} challenge of a refused request (RFC 6750 section
 * 3), for example {@code Bearer error="invalid_token", error_description="..."}.
 */
record BearerChallenge(Map<String, String> parameters) {

	private static final Pattern PARAMETER = Pattern
		.compile("([A-Za-z_]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s,]+))");

	static Optional<BearerChallenge> parse(String header) {
		if (header == null || !header.regionMatches(true, 0, "Bearer", 0, 6)) {
			return Optional.empty();
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		Matcher matcher = PARAMETER.matcher(header.substring(6));
		while (matcher.find()) {
			String quoted = matcher.group(2);
			parameters.put(matcher.group(1), quoted != null ? quoted.replaceAll("\\\\(.)", "$1") : matcher.group(3));
		}
		return Optional.of(new BearerChallenge(parameters));
	}

	String error() {
		return parameters.get("error");
	}

	String errorDescription() {
		return parameters.get("error_description");
	}
}
