package dev.mtlsauthz.certs;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate together with its private key and the chain above it (issuer first,
 * excluding the leaf).
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> issuers) {

	public IssuedCertificate {
		issuers = List.copyOf(issuers);
	}

	/** The leaf followed by its issuers, as a TLS peer presents it. */
	public X509Certificate[] chain() {
		X509Certificate[] chain = new X509Certificate[issuers.size() + 1];
		chain[0] = certificate;
		for (int i = 0; i < issuers.size(); i++) {
			chain[i + 1] = issuers.get(i);
		}
		return chain;
	}

	/** The same key presenting only the leaf, as a client behind some proxies does. */
	public IssuedCertificate leafOnly() {
		return new IssuedCertificate(certificate, privateKey, List.of());
	}

	/**
	 * An in-memory PKCS#12 key store holding this key and chain under {@code alias}, for
	 * JSSE clients and servers.
	 */
	public KeyStore toKeyStore(String alias, char[] password) {
		try {
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			keyStore.load(null, null);
			keyStore.setKeyEntry(alias, privateKey, password, chain());
			return keyStore;
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new IllegalStateException("Cannot build a key store for " + certificate.getSubjectX500Principal(),
					ex);
		}
	}

	public String subject() {
		return certificate.getSubjectX500Principal().getName();
	}
}
