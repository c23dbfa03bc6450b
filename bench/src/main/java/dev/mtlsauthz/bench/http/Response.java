package dev.mtlsauthz.bench.http;

/**
 * @param status the HTTP status code
 * @param body the body, decoded as UTF-8
 */
public record Response(int status, String body) {

	/** A short description for error reports: the status and the start of the body. */
	public String describe() {
		String start = body.length() > 200 ? body.substring(0, 200) + "..." : body;
		return status + " " + start.replace('\n', ' ');
	}
}
