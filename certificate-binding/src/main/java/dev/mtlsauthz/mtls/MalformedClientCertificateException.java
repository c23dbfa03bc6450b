package dev.mtlsauthz.mtls;

/**
 * A client certificate was conveyed (by a trusted proxy's header) but cannot be read. The
 * request is refused with {@code 400 invalid_request}: it is neither treated as "no
 * certificate" nor allowed to become a 500.
 */
public class MalformedClientCertificateException extends RuntimeException {

	public MalformedClientCertificateException(String message) {
		super(message);
	}

	public MalformedClientCertificateException(String message, Throwable cause) {
		super(message, cause);
	}

}
