package dev.mtlsauthz.authserver.clients;

/**
 * Client metadata that cannot be registered: {@code invalid_client_metadata} (RFC 7591
 * section 3.2.2), with a description that names the offending field.
 */
public class InvalidClientMetadataException extends RuntimeException {

	private final String field;

	public InvalidClientMetadataException(String field, String problem) {
		super(field + ": " + problem);
		this.field = field;
	}

	public String field() {
		return field;
	}

}
