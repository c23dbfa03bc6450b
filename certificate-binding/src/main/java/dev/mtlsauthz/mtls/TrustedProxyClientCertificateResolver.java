package dev.mtlsauthz.mtls;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Reads the client certificate from a TLS-terminating proxy's header, but only when the
 * request's remote address is one of the trusted proxies: anyone else could write any
 * certificate into the header. For a trusted proxy the header is the only source (an
 * absent header means its client sent no certificate; the TLS connection, if any, carries
 * the proxy's own certificate, never the client's). For anyone else the header is
 * ignored, logged at debug level, and the certificate of the TLS connection, if the
 * client connected directly, is used instead.
 */
public class TrustedProxyClientCertificateResolver implements ClientCertificateResolver {

	private static final Log logger = LogFactory.getLog(TrustedProxyClientCertificateResolver.class);

	private final List<IpAddressMatcher> trustedProxies;

	private final ClientCertificateHeader header;

	private final ClientCertificateResolver directConnection = ClientCertificateResolver.tlsConnection();

	/**
	 * @param trustedProxies IP addresses or CIDR ranges ({@code 10.0.0.0/8},
	 * {@code ::1/128})
	 */
	public TrustedProxyClientCertificateResolver(List<String> trustedProxies, ClientCertificateHeader header) {
		this.trustedProxies = trustedProxies.stream().map(IpAddressMatcher::new).toList();
		this.header = header;
	}

	public static TrustedProxyClientCertificateResolver of(ClientCertificateProperties properties) {
		return new TrustedProxyClientCertificateResolver(properties.trustedProxies(),
				ClientCertificateHeader.of(properties));
	}

	@Override
	public Optional<X509Certificate[]> resolve(HttpServletRequest request) {
		if (isTrustedProxy(request.getRemoteAddr())) {
			return header.read(request);
		}
		if (logger.isDebugEnabled() && request.getHeader(header.headerName()) != null) {
			logger.debug("Ignoring " + header.headerName() + " from " + request.getRemoteAddr()
					+ ", which is not a trusted proxy (mtls-authz.client-certificate.trusted-proxies)");
		}
		return directConnection.resolve(request);
	}

	private boolean isTrustedProxy(String remoteAddress) {
		return remoteAddress != null && trustedProxies.stream().anyMatch(proxy -> proxy.matches(remoteAddress));
	}

}
