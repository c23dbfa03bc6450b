package dev.mtlsauthz.mtls;

import java.security.cert.X509Certificate;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the certificate chain a client presented for a request.
 */
@FunctionalInterface
public interface ClientCertificateResolver {

	/**
	 * @return the chain, leaf first; empty when the client presented none
	 * @throws MalformedClientCertificateException when a certificate was sent but cannot
	 * be parsed
	 */
	Optional<X509Certificate[]> resolve(HttpServletRequest request);

	/** The chain the servlet container took from the TLS handshake. */
	static ClientCertificateResolver tlsConnection() {
		return request -> request.getAttribute(ClientCertificates.SERVLET_ATTRIBUTE) instanceof X509Certificate[] chain
				&& chain.length > 0 ? Optional.of(chain) : Optional.empty();
	}

}
