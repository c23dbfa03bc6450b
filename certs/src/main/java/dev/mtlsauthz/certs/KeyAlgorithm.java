package dev.mtlsauthz.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * The key types this project issues certificates for, with the signature algorithm each
 * one signs with.
 */
public enum KeyAlgorithm {

	RSA_2048("RSA", "SHA256withRSA"), EC_P256("EC", "SHA256withECDSA");

	private final String jcaName;

	private final String signatureAlgorithm;

	KeyAlgorithm(String jcaName, String signatureAlgorithm) {
		this.jcaName = jcaName;
		this.signatureAlgorithm = signatureAlgorithm;
	}

	public KeyPair generateKeyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
			if (this == RSA_2048) {
				generator.initialize(2048);
			}
			else {
				generator.initialize(new ECGenParameterSpec("secp256r1"));
			}
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("The JDK cannot generate " + this + " keys", ex);
		}
	}

	/** The signature algorithm a key of this type signs certificates with. */
	public static String signatureAlgorithmFor(java.security.PrivateKey key) {
		return "EC".equals(key.getAlgorithm()) ? EC_P256.signatureAlgorithm : RSA_2048.signatureAlgorithm;
	}

}
