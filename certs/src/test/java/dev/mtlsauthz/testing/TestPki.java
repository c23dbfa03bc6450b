package dev.mtlsauthz.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.DevelopmentCertificates;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.Pem;

/**
 * A PKI made for a module's test run: the development CA and both servers' certificates
 * ({@link DevelopmentCertificates}) under {@code target/test-pki}, and client
 * certificates made on demand, trusted or not, valid or expired. Shared by the tests of
 * every module (the {@code certs} test-jar).
 */
public final class TestPki {

	public static final Path DIRECTORY = Path.of("target", "test-pki").toAbsolutePath();

	private static final DevelopmentCertificates FILES = new DevelopmentCertificates(DIRECTORY);

	private static IssuedCertificate ca;

	private TestPki() {
	}

	/** The test CA, written with both servers' certificates on first use. */
	public static synchronized IssuedCertificate ca() {
		if (ca == null) {
			FILES.ensure();
			ca = Pem.readIssuedCertificate(FILES.certificateFile(DevelopmentCertificates.CA),
					FILES.keyFile(DevelopmentCertificates.CA));
		}
		return ca;
	}

	/**
	 * A file of the test PKI by its name, such as {@code ca.crt}, {@code auth-server.crt}
	 * or {@code resource-api.key}.
	 */
	public static Path file(String name) {
		ca();
		return name.endsWith(".key") ? FILES.keyFile(name.substring(0, name.length() - 4))
				: FILES.certificateFile(name.substring(0, name.length() - 4));
	}

	/**
	 * The TLS certificate and key of a server
	 * ({@link DevelopmentCertificates#AUTH_SERVER} or
	 * {@link DevelopmentCertificates#RESOURCE_API}), valid for {@code localhost},
	 * {@code 127.0.0.1} and {@code ::1}.
	 */
	public static IssuedCertificate server(String name) {
		return Pem.readIssuedCertificate(file(name + ".crt"), file(name + ".key"));
	}

	/**
	 * A certificate made on the fly, as a native app or a service with no PKI would (RFC
	 * 8705 section 3).
	 */
	public static IssuedCertificate ephemeral() {
		return CertificateBuilder.subject("CN=ephemeral").clientAuth().validFor(Duration.ofHours(1)).selfSigned();
	}

	/** A client certificate to be issued by the test CA ({@link #issued}). */
	public static CertificateBuilder fromCa(String subject) {
		ca();
		return CertificateBuilder.subject(subject).clientAuth().validFor(Duration.ofDays(1));
	}

	public static IssuedCertificate issued(CertificateBuilder builder) {
		return builder.issuedBy(ca());
	}

	public static IssuedCertificate expired(String subject) {
		return CertificateBuilder.subject(subject)
			.clientAuth()
			.validity(Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)))
			.issuedBy(ca());
	}

	/** A certificate with the right subject from a CA that is not a trust anchor. */
	public static IssuedCertificate fromUntrustedCa(String subject) {
		IssuedCertificate rogue = CertificateBuilder.subject("CN=rogue CA")
			.certificateAuthority()
			.validFor(Duration.ofDays(1))
			.selfSigned();
		return CertificateBuilder.subject(subject).clientAuth().validFor(Duration.ofDays(1)).issuedBy(rogue);
	}

}
