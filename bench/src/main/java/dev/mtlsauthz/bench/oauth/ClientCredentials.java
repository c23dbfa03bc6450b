package dev.mtlsauthz.bench.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * How a client authenticates at the token and introspection endpoints (RFC 6749 section
 * 2.3.1, RFC 8705 section 2). With {@code tls_client_auth} and
 * {@code self_signed_tls_client_auth} the certificate is the credential, and the request
 * only names the client.
 *
 * @param clientId the client identifier
 * @param method the {@code token_endpoint_auth_method}
 * @param secret the client secret of the {@code client_secret_*} methods; {@code null}
 * otherwise
 */
public record ClientCredentials(String clientId, String method, String secret) {

	public static final String CLIENT_SECRET_BASIC = "client_secret_basic";

	public static final String CLIENT_SECRET_POST = "client_secret_post";

	public static final String TLS_CLIENT_AUTH = "tls_client_auth";

	public static final String SELF_SIGNED_TLS_CLIENT_AUTH = "self_signed_tls_client_auth";

	public ClientCredentials {
		if (!Set.of(CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, TLS_CLIENT_AUTH, SELF_SIGNED_TLS_CLIENT_AUTH)
			.contains(method)) {
			throw new IllegalArgumentException("unsupported client authentication method " + method);
		}
		if (method.startsWith("client_secret") && secret == null) {
			throw new IllegalArgumentException(method + " needs a client secret for " + clientId);
		}
	}

	/**
	 * The {@code Authorization} header value, or {@code null} when the credentials travel
	 * otherwise.
	 */
	public String authorizationHeader() {
		if (!CLIENT_SECRET_BASIC.equals(method)) {
			return null;
		}
		String pair = encode(clientId) + ":" + encode(secret);
		return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The form parameters that authenticate (or name) the client, with a leading
	 * {@code &}, or none.
	 */
	public String formParameters() {
		return switch (method) {
			case CLIENT_SECRET_POST -> "&client_id=" + encode(clientId) + "&client_secret=" + encode(secret);
			case TLS_CLIENT_AUTH, SELF_SIGNED_TLS_CLIENT_AUTH -> "&client_id=" + encode(clientId);
			default -> "";
		};
	}

	/**
	 * RFC 6749 section 2.3.1: the basic credentials are form-encoded before they are
	 * joined.
	 */
	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
