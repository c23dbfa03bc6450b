package dev.mtlsauthz.authserver.requestobjects;

import java.util.List;

/**
 * The JWS algorithms of the request objects this server verifies (RFC 9101 section 6.1),
 * as {@code request_object_signing_alg_values_supported} advertises them: every RSA and
 * EC algorithm, which Nimbus's JWT processor verifies with the client's JWKs. Not EdDSA:
 * that processor selects keys as JCA keys, which Ed25519 JWKs are not here. Nor
 * {@code none} and the HMAC algorithms: a request object must be signed with a key only
 * the client holds.
 */
public final class RequestObjectAlgorithms {

	public static final List<String> SUPPORTED = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
			"ES384", "ES512");

	private RequestObjectAlgorithms() {
	}

}
