package dev.mtlsauthz.mtls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager of a TLS connector that asks every client for a certificate and
 * accepts whichever one it gets, CA-issued, self-signed or ephemeral. Configure it with
 * Tomcat's
 * {@code SSLHostConfig.setTrustManagerClassName(AcceptAnyClientCertificateTrustManager.class.getName())}
 * together with {@code setCertificateVerification("optionalNoCA")}: with JSSE,
 * {@code optionalNoCA} alone still checks the certificate against the default trust store
 * and fails the handshake for a self-signed one.
 * <p>
 * Accepting any certificate during the handshake is safe because the handshake still
 * proves that the client holds the private key of the certificate it sent, and every
 * decision about the certificate is taken by the application, where the right rule for
 * the request is known: PKIX validation against the configured trust anchors for
 * {@code tls_client_auth} (RFC 8705 section 2.1), a match with a registered key for
 * {@code self_signed_tls_client_auth} (section 2.2), and the {@code cnf.x5t#S256}
 * thumbprint of the access token for certificate-bound tokens (section 3), where the
 * token itself says which certificate is right. No accepted issuers are advertised, so
 * clients offer their certificate whoever issued it.
 * <p>
 * It refuses to judge servers: used by mistake on the client side, it would otherwise
 * trust any server.
 */
public class AcceptAnyClientCertificateTrustManager extends X509ExtendedTrustManager {

	private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

	/** Tomcat instantiates the class by name. */
	public AcceptAnyClientCertificateTrustManager() {
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) {
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		throw refuseServers();
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
			throws CertificateException {
		throw refuseServers();
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
			throws CertificateException {
		throw refuseServers();
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return NO_ISSUERS;
	}

	private static CertificateException refuseServers() {
		return new CertificateException(AcceptAnyClientCertificateTrustManager.class.getSimpleName()
				+ " verifies client certificates only; it must never be used to trust a server");
	}

}
