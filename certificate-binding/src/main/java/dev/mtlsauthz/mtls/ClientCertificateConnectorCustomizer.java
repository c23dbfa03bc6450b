package dev.mtlsauthz.mtls;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * Makes a Tomcat HTTPS connector ask every client for a certificate and accept whichever
 * it sends ({@code optionalNoCA} with {@link AcceptAnyClientCertificateTrustManager}):
 * proof of possession needs no CA, since the access token names the right certificate by
 * its thumbprint (RFC 8705 section 3). A client without a certificate still completes the
 * handshake, so unbound tokens and health checks keep working. Connectors without TLS are
 * left alone.
 */
public class ClientCertificateConnectorCustomizer implements TomcatConnectorCustomizer {

	@Override
	public void customize(Connector connector) {
		for (SSLHostConfig host : connector.findSslHostConfigs()) {
			requestAnyClientCertificate(host);
		}
	}

	/**
	 * Asks for a certificate and accepts any. JSSE checks {@code optionalNoCA}
	 * certificates against the default trust store anyway, hence the trust manager (see
	 * {@link AcceptAnyClientCertificateTrustManager}).
	 */
	public static void requestAnyClientCertificate(SSLHostConfig host) {
		host.setCertificateVerification("optionalNoCA");
		host.setTrustManagerClassName(AcceptAnyClientCertificateTrustManager.class.getName());
	}

}
