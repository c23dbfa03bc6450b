package dev.mtlsauthz.client.certificate;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundles;

import dev.mtlsauthz.certs.IssuedCertificate;

/**
 * The certificate and key of a Spring Boot SSL bundle's key store
 * ({@code spring.ssl.bundle.pem.<name>.keystore.*} or {@code .jks.}), read again whenever
 * Spring Boot reloads the bundle ({@code reload-on-update}), so that a certificate
 * renewed on disk is presented from then on.
 */
public final class SslBundleClientCertificate implements ClientCertificateSource {

	private final String bundleName;

	private volatile IssuedCertificate current;

	public SslBundleClientCertificate(SslBundles bundles, String bundleName) {
		this.bundleName = bundleName;
		this.current = read(bundles.getBundle(bundleName));
		bundles.addBundleUpdateHandler(bundleName, bundle -> current = read(bundle));
	}

	@Override
	public IssuedCertificate current() {
		return current;
	}

	private IssuedCertificate read(SslBundle bundle) {
		KeyStore keyStore = bundle.getStores().getKeyStore();
		if (keyStore == null) {
			throw new IllegalStateException(
					"SSL bundle '" + bundleName + "' has no key store with a client certificate");
		}
		try {
			String alias = alias(keyStore, bundle.getKey());
			Certificate[] chain = keyStore.getCertificateChain(alias);
			PrivateKey key = (PrivateKey) keyStore.getKey(alias, password(bundle));
			List<X509Certificate> certificates = new ArrayList<>();
			for (Certificate certificate : chain) {
				certificates.add((X509Certificate) certificate);
			}
			return new IssuedCertificate(certificates.get(0), key, certificates.subList(1, certificates.size()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(
					"Cannot read the client certificate of SSL bundle '" + bundleName + "': " + ex.getMessage(), ex);
		}
	}

	private String alias(KeyStore keyStore, SslBundleKey key) throws GeneralSecurityException {
		if (key.getAlias() != null) {
			return key.getAlias();
		}
		for (String alias : Collections.list(keyStore.aliases())) {
			if (keyStore.isKeyEntry(alias)) {
				return alias;
			}
		}
		throw new IllegalStateException("SSL bundle '" + bundleName + "' holds no private key");
	}

	private static char[] password(SslBundle bundle) {
		String password = bundle.getKey().getPassword() != null ? bundle.getKey().getPassword()
				: bundle.getStores().getKeyStorePassword();
		return password != null ? password.toCharArray() : new char[0];
	}

}
