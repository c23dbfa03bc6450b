package dev.mtlsauthz.resourceapi.tls;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import dev.mtlsauthz.mtls.AcceptAnyClientCertificateTrustManager;

/**
 * Makes the HTTPS connector ask every client for a certificate and accept whichever it
 * sends: proof of possession needs no CA, since the access token names the right
 * certificate by its thumbprint. Without a certificate the handshake still succeeds, so
 * unbound tokens and health checks keep working.
 */
@Component
class ClientCertificateConnectorCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addConnectorCustomizers(requestAnyClientCertificate());
	}

	private static TomcatConnectorCustomizer requestAnyClientCertificate() {
		return (Connector connector) -> {
			for (SSLHostConfig host : connector.findSslHostConfigs()) {
				host.setCertificateVerification("optionalNoCA");
				// JSSE checks optionalNoCA certificates against the default trust store
				// anyway (see the class).
				host.setTrustManagerClassName(AcceptAnyClientCertificateTrustManager.class.getName());
			}
		};
	}

}
