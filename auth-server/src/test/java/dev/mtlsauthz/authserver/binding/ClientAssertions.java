package dev.mtlsauthz.authserver.binding;

import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Client assertions (RFC 7523 section 2.2) for {@code client_secret_jwt} and
 * {@code private_key_jwt}.
 */
final class ClientAssertions {

	static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	private ClientAssertions() {
	}

	static String hmac(String clientId, String secret, String audience) {
		return sign(clientId, audience, JWSAlgorithm.HS256, jwt -> jwt.sign(new MACSigner(secret)));
	}

	static String privateKey(String clientId, RSAKey key, String audience) {
		return sign(clientId, audience, JWSAlgorithm.RS256, jwt -> jwt.sign(new RSASSASigner(key)));
	}

	private static String sign(String clientId, String audience, JWSAlgorithm algorithm, Signing signing) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(audience)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(new Date())
			.expirationTime(new Date(System.currentTimeMillis() + 60_000))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
		try {
			signing.sign(jwt);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	private interface Signing {

		void sign(SignedJWT jwt) throws JOSEException;

	}

}
