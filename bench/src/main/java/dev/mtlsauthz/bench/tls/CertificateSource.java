package dev.mtlsauthz.bench.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.Pem;

/**
 * Where a virtual client's certificate comes from: made on the spot and self-signed, as
 * RFC 8705 section 3 lets any client bind its tokens to one, or read from PEM files
 * issued by a PKI.
 */
public final class CertificateSource implements Supplier<IssuedCertificate> {

	private final String description;

	private final Supplier<IssuedCertificate> certificates;

	private CertificateSource(String description, Supplier<IssuedCertificate> certificates) {
		this.description = description;
		this.certificates = certificates;
	}

	/** A new RSA 2048 key and self-signed certificate for every virtual client. */
	public static CertificateSource ephemeral() {
		return new CertificateSource("ephemeral self-signed",
				() -> CertificateBuilder.subject("CN=bench virtual client")
					.clientAuth()
					.validFor(Duration.ofDays(1))
					.selfSigned());
	}

	/**
	 * The same certificate (leaf first, then its issuers) and key for every virtual
	 * client.
	 */
	public static CertificateSource files(Path certificate, Path key) {
		return new CertificateSource(certificate.toString(), () -> Pem.readIssuedCertificate(certificate, key));
	}

	@Override
	public IssuedCertificate get() {
		return certificates.get();
	}

	@Override
	public String toString() {
		return description;
	}

}
