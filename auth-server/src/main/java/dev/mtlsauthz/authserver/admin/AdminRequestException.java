package dev.mtlsauthz.authserver.admin;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * An admin request that cannot be done, with the status and the error the API answers and
 * the message the console shows.
 */
public class AdminRequestException extends RuntimeException {

	private final HttpStatus status;

	private final OAuth2Error error;

	AdminRequestException(HttpStatus status, String code, String description) {
		super(description);
		this.status = status;
		this.error = new OAuth2Error(code, description, null);
	}

	static AdminRequestException notFound(String what) {
		return new AdminRequestException(HttpStatus.NOT_FOUND, "not_found", what + " does not exist");
	}

	/** A change that the state of what it changes does not allow. */
	static AdminRequestException conflict(String description) {
		return new AdminRequestException(HttpStatus.CONFLICT, "invalid_request", description);
	}

	static AdminRequestException invalidRequest(String description) {
		return new AdminRequestException(HttpStatus.BAD_REQUEST, "invalid_request", description);
	}

	public HttpStatus status() {
		return status;
	}

	public OAuth2Error error() {
		return error;
	}

}
