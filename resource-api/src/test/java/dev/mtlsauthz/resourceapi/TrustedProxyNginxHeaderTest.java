package dev.mtlsauthz.resourceapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.springframework.test.context.TestPropertySource;

import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.Pem;

/**
 * nginx's URL-escaped PEM, configured exactly as {@code examples/application-nginx.yml},
 * the settings the README gives next to {@code examples/nginx.conf}.
 */
@TestPropertySource(properties = "spring.config.import=file:" + NginxExampleTest.APPLICATION_YML)
class TrustedProxyNginxHeaderTest extends TrustedProxyHeaderTest {

	@Override
	String headerName() {
		return "X-SSL-Client-Cert";
	}

	/** What {@code $ssl_client_escaped_cert} holds. */
	@Override
	String headerValue(IssuedCertificate certificate) {
		return URLEncoder.encode(Pem.encode(certificate.certificate()), StandardCharsets.US_ASCII).replace("+", "%20");
	}

	@Override
	String malformedHeaderValue() {
		return "-----BEGIN%20CERTIFICATE-----%0AAAAA%0A-----END%20CERTIFICATE-----%0A";
	}

}
