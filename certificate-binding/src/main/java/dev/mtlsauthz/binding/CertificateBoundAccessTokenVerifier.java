package dev.mtlsauthz.binding;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.BearerTokenError;

import dev.mtlsauthz.mtls.X5tS256;

/**
 * The resource server's proof-of-possession check for mutual-TLS client certificate-bound
 * access tokens (RFC 8705 section 3): a token whose claims (a JWT's, section 3.1, or an
 * introspection response's, section 3.2) carry {@code cnf.x5t#S256} is accepted only on a
 * request that presented the certificate with that thumbprint. The thumbprints are
 * compared in constant time on their decoded bytes ({@link X5tS256#matches}).
 * <p>
 * Each refusal is a {@code 401 invalid_token} (RFC 6750 section 3.1) whose description
 * says what went wrong, so a client can tell a forgotten certificate from a wrong one.
 */
public final class CertificateBoundAccessTokenVerifier {

	static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8705#section-3";

	private final boolean requireBoundTokens;

	/**
	 * @param requireBoundTokens whether a token that is not certificate-bound is refused
	 * too (a resource that accepts only sender-constrained tokens); otherwise such a
	 * token is accepted as a plain bearer token
	 */
	public CertificateBoundAccessTokenVerifier(boolean requireBoundTokens) {
		this.requireBoundTokens = requireBoundTokens;
	}

	public boolean requiresBoundTokens() {
		return requireBoundTokens;
	}

	/**
	 * @param tokenClaims the claims of the authenticated access token
	 * @param presented the leaf certificate of the request, from the TLS connection or a
	 * trusted proxy
	 * @throws OAuth2AuthenticationException with a {@link BearerTokenError}
	 * {@code invalid_token} when the request does not prove possession of the certificate
	 * the token is bound to
	 */
	public void verify(Map<String, Object> tokenClaims, Optional<X509Certificate> presented) {
		Optional<X5tS256> confirmation = confirmation(tokenClaims);
		if (confirmation.isEmpty()) {
			if (requireBoundTokens) {
				throw invalidToken("This resource requires a certificate-bound access token (RFC 8705 section 3), "
						+ "but the token has no cnf.x5t#S256 confirmation");
			}
			return;
		}
		X509Certificate certificate = presented.orElseThrow(() -> invalidToken("The access token is bound to a "
				+ "client certificate (cnf.x5t#S256), but the request presented no client certificate"));
		if (!confirmation.get().matches(certificate)) {
			throw invalidToken("The access token is bound to a different client certificate than the one presented "
					+ "(cnf.x5t#S256 does not match the certificate's SHA-256 thumbprint)");
		}
	}

	private static Optional<X5tS256> confirmation(Map<String, Object> tokenClaims) {
		try {
			return X5tS256.fromClaims(tokenClaims);
		}
		catch (IllegalArgumentException ex) {
			throw invalidToken("The access token's cnf.x5t#S256 confirmation is malformed: " + ex.getMessage());
		}
	}

	private static OAuth2AuthenticationException invalidToken(String description) {
		BearerTokenError error = new BearerTokenError(OAuth2ErrorCodes.INVALID_TOKEN, HttpStatus.UNAUTHORIZED,
				description, ERROR_URI);
		return new OAuth2AuthenticationException(error, description);
	}

}
