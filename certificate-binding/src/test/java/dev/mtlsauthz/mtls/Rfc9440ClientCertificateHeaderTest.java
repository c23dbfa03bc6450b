package dev.mtlsauthz.mtls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class Rfc9440ClientCertificateHeaderTest {

	private static final IssuedCertificate CA = CertificateBuilder.subject("CN=test CA")
		.certificateAuthority()
		.validFor(Duration.ofDays(1))
		.selfSigned();

	private static final IssuedCertificate CLIENT = CertificateBuilder.subject("CN=client")
		.clientAuth()
		.validFor(Duration.ofDays(1))
		.issuedBy(CA);

	private final Rfc9440ClientCertificateHeader header = new Rfc9440ClientCertificateHeader("Client-Cert");

	@Test
	void readsLeafAndChainFromByteSequences() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Client-Cert", byteSequence(CLIENT.certificate()));
		request.addHeader("Client-Cert-Chain", byteSequence(CA.certificate()));

		assertThat(header.read(request))
			.hasValueSatisfying(chain -> assertThat(chain).containsExactly(CLIENT.certificate(), CA.certificate()));
	}

	@Test
	void ignoresParametersAndSurroundingSpaces() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Client-Cert", "  " + byteSequence(CLIENT.certificate()) + ";a=1;b=\"x;,\\\"y\";c;d=?1  ");
		request.addHeader("Client-Cert-Chain",
				byteSequence(CA.certificate()) + ";p=tok, " + byteSequence(CA.certificate()));

		assertThat(header.read(request)).hasValueSatisfying(chain -> assertThat(chain).hasSize(3));
	}

	@Test
	void absentHeaderMeansNoCertificate() {
		assertThat(header.read(new MockHttpServletRequest())).isEmpty();
	}

	@Test
	void plainBase64WithoutColonsIsMalformed() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Client-Cert", Base64.getEncoder().encodeToString(CLIENT.certificate().getEncoded()));

		assertThatExceptionOfType(MalformedClientCertificateException.class).isThrownBy(() -> header.read(request))
			.withMessageContaining("Client-Cert is not an RFC 8941 structured field");
	}

	@Test
	void bytesThatAreNoCertificateAreMalformed() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Client-Cert", ":aGVsbG8=:");

		assertThatExceptionOfType(MalformedClientCertificateException.class).isThrownBy(() -> header.read(request))
			.withMessage("Client-Cert does not hold a valid X.509 certificate");
	}

	@Test
	void chainWithoutLeafIsMalformed() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Client-Cert-Chain", byteSequence(CA.certificate()));

		assertThatExceptionOfType(MalformedClientCertificateException.class).isThrownBy(() -> header.read(request))
			.withMessageContaining("Client-Cert-Chain was sent without Client-Cert");
	}

	@Test
	void leafSentTwiceIsMalformed() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Client-Cert", byteSequence(CLIENT.certificate()));
		request.addHeader("Client-Cert", byteSequence(CLIENT.certificate()));

		assertThatExceptionOfType(MalformedClientCertificateException.class).isThrownBy(() -> header.read(request));
	}

	@Test
	void trailingCommaInChainIsMalformed() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Client-Cert", byteSequence(CLIENT.certificate()));
		request.addHeader("Client-Cert-Chain", byteSequence(CA.certificate()) + ",");

		assertThatExceptionOfType(MalformedClientCertificateException.class).isThrownBy(() -> header.read(request))
			.withMessageContaining("Client-Cert-Chain");
	}

	static String byteSequence(X509Certificate certificate) throws Exception {
		return ":" + Base64.getEncoder().encodeToString(certificate.getEncoded()) + ":";
	}

}
