package dev.mtlsauthz.bench.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP request as the scenarios describe it, independent of how the connection is
 * made.
 *
 * @param method {@code GET} or {@code POST}
 * @param uri the absolute https URL
 * @param headers the headers besides {@code Host} and {@code Content-Length}
 * @param body a form-encoded body for {@code POST}; {@code null} for {@code GET}
 */
public record Request(String method, URI uri, Map<String, String> headers, String body) {

	public Request {
		headers = Map.copyOf(headers);
	}

	/**
	 * A form post (RFC 6749 section 4.4.2, RFC 7662 section 2.1), with an
	 * {@code Authorization} header or none.
	 */
	public static Request form(URI uri, String authorization, String body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/x-www-form-urlencoded");
		headers.put("Accept", "application/json");
		if (authorization != null) {
			headers.put("Authorization", authorization);
		}
		return new Request("POST", uri, headers, body);
	}

	public static Request get(URI uri, String authorization) {
		return new Request("GET", uri, Map.of("Authorization", authorization, "Accept", "application/json"), null);
	}
}
