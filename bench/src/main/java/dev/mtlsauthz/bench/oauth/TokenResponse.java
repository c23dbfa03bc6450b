package dev.mtlsauthz.bench.oauth;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;

import dev.mtlsauthz.mtls.X5tS256;

/**
 * A successful access token response (RFC 6749 section 5.1).
 *
 * @param accessToken the access token, a JWT or a reference
 * @param expiresIn its lifetime
 */
public record TokenResponse(String accessToken, Duration expiresIn) {

	static TokenResponse parse(String json) throws IOException {
		try {
			Map<String, Object> response = JSONObjectUtils.parse(json);
			String token = JSONObjectUtils.getString(response, "access_token");
			if (token == null) {
				throw new IOException("The token response holds no access_token: " + json);
			}
			// expires_in is RECOMMENDED, not required; without it, assume Spring
			// Authorization Server's default.
			long expiresIn = response.get("expires_in") instanceof Number seconds ? seconds.longValue() : 300;
			return new TokenResponse(token, Duration.ofSeconds(expiresIn));
		}
		catch (ParseException ex) {
			throw new IOException("Malformed token response: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Checks that the JWT access token is bound to {@code certificate} (RFC 8705 section
	 * 3.1), so that a scenario measures what it claims to. Reference tokens cannot be
	 * read here; scenario (d) checks them by introspection.
	 * @throws IOException when the token is a JWT without the certificate's
	 * {@code cnf.x5t#S256}
	 */
	public void requireBoundTo(X509Certificate certificate) throws IOException {
		JWT jwt;
		try {
			jwt = JWTParser.parse(accessToken);
		}
		catch (ParseException ex) {
			return;
		}
		try {
			Map<String, Object> cnf = jwt.getJWTClaimsSet().getJSONObjectClaim(X5tS256.CONFIRMATION_CLAIM);
			String thumbprint = cnf == null ? null : (String) cnf.get(X5tS256.CLAIM_NAME);
			if (!X5tS256.of(certificate).value().equals(thumbprint)) {
				throw new IOException("The access token is not bound to the presented certificate (cnf: " + cnf + ")");
			}
		}
		catch (ParseException ex) {
			throw new IOException("The access token's claims cannot be read: " + ex.getMessage(), ex);
		}
	}
}
