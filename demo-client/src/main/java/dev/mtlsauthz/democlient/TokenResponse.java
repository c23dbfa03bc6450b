package dev.mtlsauthz.democlient;

/**
 * A successful access token response (RFC 6749 section 5.1).
 */
record TokenResponse(AccessToken accessToken, String tokenType, String scope, String expiresIn) {

	static TokenResponse parse(JsonResponse response) {
		return new TokenResponse(new AccessToken(response.string("access_token")), response.string("token_type"),
				response.string("scope"), response.string("expires_in"));
	}
}
