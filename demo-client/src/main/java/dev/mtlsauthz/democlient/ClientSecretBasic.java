package dev.mtlsauthz.democlient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * {@code client_secret_basic} (RFC 6749 section 2.3.1): HTTP Basic with the client id and
 * secret, each form-urlencoded first, as the RFC requires and many clients forget.
 */
public record ClientSecretBasic(String clientId, String clientSecret) implements ClientAuthentication {

	@Override
	public String method() {
		return "client_secret_basic";
	}

	@Override
	public void applyTo(Map<String, String> form, Map<String, String> headers) {
		headers.put("Authorization", authorization());
	}

	public String authorization() {
		String credentials = encode(clientId) + ":" + encode(clientSecret);
		return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return "ClientSecretBasic[clientId=" + clientId + "]";
	}
}
