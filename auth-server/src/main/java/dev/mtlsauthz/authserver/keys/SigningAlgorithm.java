package dev.mtlsauthz.authserver.keys;

import java.util.Arrays;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.JWKGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;

/**
 * The JWS algorithms this server signs tokens with (RFC 7518 section 3.1, RFC 8037
 * section 3.1), each with the key it needs. A Spring {@link JwsAlgorithm}, so that it can
 * be set in a token's header: Spring's own {@code SignatureAlgorithm} has no EdDSA.
 */
public enum SigningAlgorithm implements JwsAlgorithm {

	/**
	 * RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit RSA: what every OpenID Connect client
	 * accepts.
	 */
	RS256(JWSAlgorithm.RS256),

	/** RSASSA-PSS with SHA-256, 2048-bit RSA (FAPI 2.0 allows PS256, ES256 and EdDSA). */
	PS256(JWSAlgorithm.PS256),

	/** ECDSA on P-256 with SHA-256: short signatures, cheap to sign. */
	ES256(JWSAlgorithm.ES256),

	/** EdDSA with Ed25519 (RFC 8037). */
	EdDSA(JWSAlgorithm.EdDSA);

	private final JWSAlgorithm jws;

	SigningAlgorithm(JWSAlgorithm jws) {
		this.jws = jws;
	}

	/** The algorithm named {@code name} ({@code alg}), case-sensitive as in a JWS. */
	public static SigningAlgorithm of(String name) {
		return Arrays.stream(values())
			.filter(algorithm -> algorithm.getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Unsupported signing algorithm '" + name + "': RS256, PS256, ES256 or EdDSA"));
	}

	@Override
	public String getName() {
		return jws.getName();
	}

	public JWSAlgorithm jwsAlgorithm() {
		return jws;
	}

	/** A new private signing key with a random {@code kid}. */
	JWK generate() {
		String kid = UUID.randomUUID().toString();
		JWKGenerator<? extends JWK> generator = switch (this) {
			case RS256, PS256 -> new RSAKeyGenerator(2048);
			case ES256 -> new ECKeyGenerator(Curve.P_256);
			case EdDSA -> new OctetKeyPairGenerator(Curve.Ed25519);
		};
		try {
			return generator.keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(jws).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate a " + getName() + " signing key", ex);
		}
	}

}
