package dev.mtlsauthz.mtls;

import java.security.cert.X509Certificate;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * One way a TLS-terminating proxy conveys the client certificate it received to the
 * application behind it. Implementations only decode; whether the sender of the header is
 * believed is decided by {@link TrustedProxyClientCertificateResolver}.
 */
public interface ClientCertificateHeader {

	/**
	 * @return the conveyed chain, leaf first; empty when the header is absent (the client
	 * presented no certificate to the proxy)
	 * @throws MalformedClientCertificateException when the header is present but cannot
	 * be decoded
	 */
	Optional<X509Certificate[]> read(HttpServletRequest request);

	/** The header this format reads, for log messages. */
	String headerName();

	static ClientCertificateHeader of(ClientCertificateProperties properties) {
		return switch (properties.headerFormat()) {
			case RFC9440 -> new Rfc9440ClientCertificateHeader(properties.headerName());
			case NGINX -> new NginxClientCertificateHeader(properties.headerName());
			case ENVOY -> new EnvoyForwardedClientCertificateHeader(properties.headerName());
		};
	}

}
