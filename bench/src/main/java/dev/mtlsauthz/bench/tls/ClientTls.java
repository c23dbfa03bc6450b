package dev.mtlsauthz.bench.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.mtlsauthz.certs.IssuedCertificate;

/**
 * One virtual client's TLS identity: its own {@link SSLContext} (and so its own session
 * cache) presenting its own certificate, trusting the servers' CA, with every certificate
 * presentation counted.
 *
 * @param certificate the certificate and key the client presents
 * @param context the context its connections are made with
 */
public record ClientTls(IssuedCertificate certificate, SSLContext context) {

	private static final char[] PASSWORD = "bench".toCharArray();

	public static ClientTls of(IssuedCertificate certificate, TrustAnchors trust, HandshakeCounter handshakes) {
		try {
			KeyStore keys = certificate.toKeyStore("client", PASSWORD);
			KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			factory.init(keys, PASSWORD);
			X509ExtendedKeyManager keyManager = (X509ExtendedKeyManager) factory.getKeyManagers()[0];
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(new KeyManager[] { handshakes.counting(keyManager) }, trust.trustManagers(), null);
			return new ClientTls(certificate, context);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot build a TLS context for " + certificate.subject(), ex);
		}
	}

	/**
	 * A context that presents no certificate, for discovery at the issuer's main
	 * endpoints.
	 */
	public static SSLContext anonymous(TrustAnchors trust) {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.trustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot build a TLS context", ex);
		}
	}
}
