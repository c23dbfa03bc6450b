package dev.mtlsauthz.bench.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import dev.mtlsauthz.certs.Pem;

/**
 * The CA certificates that the servers' TLS certificates must chain to, read from a PEM
 * file.
 */
public final class TrustAnchors {

	private final TrustManager[] trustManagers;

	private TrustAnchors(TrustManager[] trustManagers) {
		this.trustManagers = trustManagers;
	}

	public static TrustAnchors fromPem(Path file) {
		List<X509Certificate> certificates = Pem.readCertificates(file);
		if (certificates.isEmpty()) {
			throw new IllegalArgumentException(file + " holds no certificate");
		}
		try {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			for (int i = 0; i < certificates.size(); i++) {
				store.setCertificateEntry("ca-" + i, certificates.get(i));
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			return new TrustAnchors(factory.getTrustManagers());
		}
		catch (GeneralSecurityException | java.io.IOException ex) {
			throw new IllegalStateException("Cannot build a trust store from " + file, ex);
		}
	}

	TrustManager[] trustManagers() {
		return trustManagers;
	}

}
