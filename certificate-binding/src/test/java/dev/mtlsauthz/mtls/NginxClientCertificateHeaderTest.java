package dev.mtlsauthz.mtls;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.Pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NginxClientCertificateHeaderTest {

	private static final IssuedCertificate CLIENT = CertificateBuilder.subject("CN=client")
		.clientAuth()
		.validFor(Duration.ofDays(1))
		.selfSigned();

	private final NginxClientCertificateHeader header = new NginxClientCertificateHeader("X-SSL-Client-Cert");

	@Test
	void readsUrlEscapedPem() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-SSL-Client-Cert", escaped(Pem.encode(CLIENT.certificate())));

		assertThat(header.read(request))
			.hasValueSatisfying(chain -> assertThat(chain).containsExactly(CLIENT.certificate()));
	}

	@Test
	void keepsUnescapedPlusSignsOfBase64() {
		String pem = Pem.encode(CLIENT.certificate());
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-SSL-Client-Cert", escaped(pem).replace("%2B", "+"));

		assertThat(header.read(request))
			.hasValueSatisfying(chain -> assertThat(chain).containsExactly(CLIENT.certificate()));
	}

	@Test
	void emptyHeaderMeansNoCertificate() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-SSL-Client-Cert", "");

		assertThat(header.read(request)).isEmpty();
	}

	@Test
	void textThatIsNoPemIsMalformed() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-SSL-Client-Cert", "not-a-certificate");

		assertThatExceptionOfType(MalformedClientCertificateException.class).isThrownBy(() -> header.read(request))
			.withMessage("X-SSL-Client-Cert does not hold a PEM certificate");
	}

	@Test
	void brokenEscapeIsMalformed() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-SSL-Client-Cert", "-----BEGIN%2");

		assertThatExceptionOfType(MalformedClientCertificateException.class).isThrownBy(() -> header.read(request))
			.withMessage("X-SSL-Client-Cert is not a valid URL-escaped PEM certificate");
	}

	@Test
	void corruptedPemIsMalformed() {
		String pem = Pem.encode(CLIENT.certificate());
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("X-SSL-Client-Cert", escaped(pem.substring(0, 200) + "\n-----END CERTIFICATE-----\n"));

		assertThatExceptionOfType(MalformedClientCertificateException.class).isThrownBy(() -> header.read(request))
			.withMessageStartingWith("X-SSL-Client-Cert does not hold a");
	}

	/** What nginx's $ssl_client_escaped_cert produces. */
	static String escaped(String pem) {
		return URLEncoder.encode(pem, StandardCharsets.US_ASCII).replace("+", "%20");
	}

}
