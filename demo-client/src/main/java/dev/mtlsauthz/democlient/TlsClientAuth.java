package dev.mtlsauthz.democlient;

import java.util.Map;

/**
 * {@code tls_client_auth} (RFC 8705 section 2.1): the client proves who it is with the
 * certificate it presents in the TLS handshake, issued by a CA the server trusts; the
 * request carries only {@code client_id}.
 */
public record TlsClientAuth(String clientId) implements ClientAuthentication {

	@Override
	public String method() {
		return "tls_client_auth";
	}

	@Override
	public void applyTo(Map<String, String> form, Map<String, String> headers) {
		form.put("client_id", clientId);
	}
}
