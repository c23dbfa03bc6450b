package dev.mtlsauthz.mtls;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Where the client certificate of a request comes from, under
 * {@code mtls-authz.client-certificate}.
 *
 * @param source {@code tls} (default): the servlet container's TLS handshake;
 * {@code header}: a header set by a TLS-terminating proxy listed in
 * {@code trustedProxies}
 * @param headerFormat how the proxy encodes the certificate (default {@code rfc9440})
 * @param headerName the header carrying the certificate; unset or blank means the
 * format's usual name ({@code Client-Cert}, {@code X-SSL-Client-Cert},
 * {@code x-forwarded-client-cert}), which depends on {@code headerFormat} and so has no
 * default of its own
 * @param trustedProxies IP addresses or CIDR ranges of the proxies whose header is
 * believed; required when {@code source} is {@code header}, since a header from anyone
 * else is ignored
 */
@ConfigurationProperties("mtls-authz.client-certificate")
public record ClientCertificateProperties(@DefaultValue("tls") Source source,
		@DefaultValue("rfc9440") HeaderFormat headerFormat, String headerName,
		@DefaultValue List<String> trustedProxies) {

	public ClientCertificateProperties {
		headerName = headerName != null && !headerName.isBlank() ? headerName.strip() : headerFormat.defaultHeaderName;
		trustedProxies = List.copyOf(trustedProxies);
		if (source == Source.HEADER && trustedProxies.isEmpty()) {
			throw new IllegalArgumentException("mtls-authz.client-certificate.trusted-proxies must list the proxies "
					+ "(IP address or CIDR) whose certificate header is believed when source is 'header'");
		}
		trustedProxies.forEach(IpAddressMatcher::new);
	}

	/** Where a request's certificate is read. */
	public enum Source {

		/** The TLS handshake between the client and this server. */
		TLS,

		/** A header set by a trusted TLS-terminating proxy. */
		HEADER

	}

	/** How a TLS-terminating proxy conveys the client certificate. */
	public enum HeaderFormat {

		/**
		 * RFC 9440: {@code Client-Cert} and {@code Client-Cert-Chain}, DER in Structured
		 * Field byte sequences.
		 */
		RFC9440(Rfc9440ClientCertificateHeader.CLIENT_CERT),

		/** nginx's {@code $ssl_client_escaped_cert}: the URL-escaped PEM of the leaf. */
		NGINX(NginxClientCertificateHeader.DEFAULT_HEADER_NAME),

		/**
		 * Envoy's {@code x-forwarded-client-cert}: the {@code Cert} (and {@code Chain})
		 * of the nearest proxy.
		 */
		ENVOY(EnvoyForwardedClientCertificateHeader.DEFAULT_HEADER_NAME);

		private final String defaultHeaderName;

		HeaderFormat(String defaultHeaderName) {
			this.defaultHeaderName = defaultHeaderName;
		}

		public String defaultHeaderName() {
			return defaultHeaderName;
		}

	}
}
