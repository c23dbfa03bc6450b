package dev.mtlsauthz.democlient;

import java.util.Map;

/**
 * How the demo authenticates a client at the token endpoint; {@link #method()} is the
 * {@code token_endpoint_auth_method} name of RFC 7591 section 2 and RFC 8705 section 2.
 */
public sealed interface ClientAuthentication permits ClientSecretBasic, TlsClientAuth {

	String clientId();

	String method();

	/**
	 * Adds this method's credentials to a token request's form parameters and headers.
	 */
	void applyTo(Map<String, String> form, Map<String, String> headers);

}
