package dev.mtlsauthz.mtls;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.StringUtils;

/**
 * nginx's {@code $ssl_client_escaped_cert} (ngx_http_ssl_module), forwarded with
 * {@code proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert;}: the PEM of the
 * leaf, percent-encoded. nginx drops a header whose value is empty, so an absent header
 * means the client sent no certificate.
 */
public class NginxClientCertificateHeader implements ClientCertificateHeader {

	public static final String DEFAULT_HEADER_NAME = "X-SSL-Client-Cert";

	private final String headerName;

	public NginxClientCertificateHeader(String headerName) {
		this.headerName = headerName;
	}

	@Override
	public Optional<X509Certificate[]> read(HttpServletRequest request) {
		String value = request.getHeader(headerName);
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		return Optional.of(CertificateDecoder.fromPem(percentDecode(value.strip(), headerName), headerName)
			.toArray(X509Certificate[]::new));
	}

	@Override
	public String headerName() {
		return headerName;
	}

	/**
	 * Decodes {@code %XX} escapes only: base64 uses '+', which form decoding would
	 * wrongly turn into a space when a proxy leaves it unescaped.
	 */
	static String percentDecode(String value, String headerName) {
		try {
			return StringUtils.uriDecode(value, StandardCharsets.US_ASCII);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedClientCertificateException(headerName + " is not a valid URL-escaped PEM certificate",
					ex);
		}
	}

}
