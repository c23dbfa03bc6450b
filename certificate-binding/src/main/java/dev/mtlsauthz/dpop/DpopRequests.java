package dev.mtlsauthz.dpop;

/**
 * Requests that present an access token with the {@code DPoP} authorization scheme (RFC
 * 9449 section 7.1).
 */
public final class DpopRequests {

	private DpopRequests() {
	}

	/** Whether an {@code Authorization} header value uses the {@code DPoP} scheme. */
	public static boolean isDpopScheme(String authorization) {
		return authorization != null && authorization.regionMatches(true, 0, "DPoP ", 0, 5);
	}

}
