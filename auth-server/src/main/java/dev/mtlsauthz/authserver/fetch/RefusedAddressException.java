package dev.mtlsauthz.authserver.fetch;

import java.net.UnknownHostException;

/**
 * A host name that resolved to an address the server must not connect to
 * ({@link AddressPolicy}). An {@link UnknownHostException} because it is thrown where
 * names are resolved, so that the HTTP client never connects at all.
 */
class RefusedAddressException extends UnknownHostException {

	private static final long serialVersionUID = 1L;

	RefusedAddressException(String host, String reason) {
		super(host + ": " + reason);
	}

}
