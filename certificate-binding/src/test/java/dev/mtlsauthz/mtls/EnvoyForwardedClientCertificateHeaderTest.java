package dev.mtlsauthz.mtls;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.Pem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EnvoyForwardedClientCertificateHeaderTest {

	private static final IssuedCertificate CA = CertificateBuilder.subject("CN=test CA")
		.certificateAuthority()
		.validFor(Duration.ofDays(1))
		.selfSigned();

	private static final IssuedCertificate CLIENT = CertificateBuilder.subject("CN=client")
		.clientAuth()
		.validFor(Duration.ofDays(1))
		.issuedBy(CA);

	private static final IssuedCertificate FARTHER = CertificateBuilder.subject("CN=farther")
		.clientAuth()
		.validFor(Duration.ofDays(1))
		.selfSigned();

	private final EnvoyForwardedClientCertificateHeader header = new EnvoyForwardedClientCertificateHeader(
			"x-forwarded-client-cert");

	@Test
	void readsCertOfTheElementAddedByTheNearestProxy() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("x-forwarded-client-cert",
				"By=spiffe://far;Cert=\"" + escaped(FARTHER) + "\"," + "By=spiffe://near;Hash=abc;Cert=\""
						+ escaped(CLIENT) + "\";Subject=\"CN=client,O=x;y\";" + "URI=spiffe://client");

		assertThat(header.read(request))
			.hasValueSatisfying(chain -> assertThat(chain).containsExactly(CLIENT.certificate()));
	}

	@Test
	void readsChainAfterTheLeaf() {
		String chain = NginxClientCertificateHeaderTest.escaped(Pem.encode(CLIENT.chain()));
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("x-forwarded-client-cert", "Cert=" + escaped(CLIENT) + ";Chain=" + chain);

		assertThat(header.read(request)).hasValueSatisfying(
				certificates -> assertThat(certificates).containsExactly(CLIENT.certificate(), CA.certificate()));
	}

	@Test
	void unescapesQuotesInsideQuotedValues() {
		assertThat(header.parse("Subject=\"CN=a\\\"b,c\";By=x,Hash=y")).satisfiesExactly(
				first -> assertThat(first).containsEntry("subject", "CN=a\"b,c").containsEntry("by", "x"),
				second -> assertThat(second).containsEntry("hash", "y"));
	}

	@Test
	void nearestElementWithoutCertIsMalformed() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("x-forwarded-client-cert", "Cert=" + escaped(CLIENT) + ",By=spiffe://near;Hash=abc");

		assertThatExceptionOfType(MalformedClientCertificateException.class).isThrownBy(() -> header.read(request))
			.withMessageContaining("no Cert in the element of the nearest proxy");
	}

	@Test
	void unterminatedQuoteIsMalformed() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("x-forwarded-client-cert", "Cert=\"" + escaped(CLIENT));

		assertThatExceptionOfType(MalformedClientCertificateException.class).isThrownBy(() -> header.read(request))
			.withMessage("x-forwarded-client-cert has an unterminated quoted value");
	}

	@Test
	void certThatIsNoPemIsMalformed() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("x-forwarded-client-cert", "Hash=abc;Cert=garbage");

		assertThatExceptionOfType(MalformedClientCertificateException.class).isThrownBy(() -> header.read(request))
			.withMessage("x-forwarded-client-cert does not hold a PEM certificate");
	}

	private static String escaped(IssuedCertificate certificate) {
		return NginxClientCertificateHeaderTest.escaped(Pem.encode(certificate.certificate()));
	}

}
