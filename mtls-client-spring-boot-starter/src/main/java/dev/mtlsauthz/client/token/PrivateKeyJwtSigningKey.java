package dev.mtlsauthz.client.token;

import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import dev.mtlsauthz.certs.IssuedCertificate;

/**
 * The key that signs {@code private_key_jwt} client assertions (RFC 7523 section 2.2), as
 * a JWK with its private part, from a certificate and key: RSA (signed RS256) or P-256
 * (ES256), the algorithms Spring Security's
 * {@code NimbusJwtClientAuthenticationParametersConverter} picks for them.
 */
public final class PrivateKeyJwtSigningKey {

	private PrivateKeyJwtSigningKey() {
	}

	public static JWK of(IssuedCertificate key) {
		try {
			JWK publicKey = JWK.parse(key.certificate());
			if (publicKey instanceof RSAKey rsa && key.privateKey() instanceof RSAPrivateKey privateKey) {
				return new RSAKey.Builder(rsa).privateKey(privateKey).build();
			}
			if (publicKey instanceof ECKey ec && key.privateKey() instanceof ECPrivateKey privateKey) {
				return new ECKey.Builder(ec).privateKey(privateKey).build();
			}
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot use the key of " + key.subject() + " for private_key_jwt", ex);
		}
		throw new IllegalStateException("private_key_jwt needs an RSA or P-256 key; " + key.subject() + " has "
				+ key.privateKey().getAlgorithm());
	}

}
