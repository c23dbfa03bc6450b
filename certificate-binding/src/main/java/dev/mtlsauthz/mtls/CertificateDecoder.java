package dev.mtlsauthz.mtls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * Turns the bytes a proxy conveyed into certificates, reporting every failure as a
 * {@link MalformedClientCertificateException} that names the header, so that bad input is
 * a 400 and never a 500.
 */
final class CertificateDecoder {

	private CertificateDecoder() {
	}

	static X509Certificate fromDer(byte[] der, String headerName) {
		List<X509Certificate> certificates = decode(der, headerName);
		if (certificates.size() != 1) {
			throw new MalformedClientCertificateException(headerName + " must hold exactly one DER certificate");
		}
		return certificates.get(0);
	}

	/** All certificates of a PEM text, in order; at least one. */
	static List<X509Certificate> fromPem(String pem, String headerName) {
		if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
			throw new MalformedClientCertificateException(headerName + " does not hold a PEM certificate");
		}
		List<X509Certificate> certificates = decode(pem.getBytes(StandardCharsets.US_ASCII), headerName);
		if (certificates.isEmpty()) {
			throw new MalformedClientCertificateException(headerName + " does not hold a PEM certificate");
		}
		return certificates;
	}

	private static List<X509Certificate> decode(byte[] encoded, String headerName) {
		try {
			Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(new ByteArrayInputStream(encoded));
			return certificates.stream().map(X509Certificate.class::cast).toList();
		}
		catch (CertificateException | RuntimeException ex) {
			throw new MalformedClientCertificateException(headerName + " does not hold a valid X.509 certificate", ex);
		}
	}

}
