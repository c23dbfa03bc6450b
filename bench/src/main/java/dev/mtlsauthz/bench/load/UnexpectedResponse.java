package dev.mtlsauthz.bench.load;

import dev.mtlsauthz.bench.http.Response;

/**
 * An answer that is not the one the scenario expects, counted as an error with its status
 * and body.
 */
public final class UnexpectedResponse extends Exception {

	public UnexpectedResponse(Response response) {
		super(response.describe());
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
