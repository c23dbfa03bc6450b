package dev.mtlsauthz.certs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DevelopmentCertificatesTest {

	@Test
	void ephemeralEcCertificateHasOnlyDigitalSignatureKeyUsage() {
		IssuedCertificate ephemeral = CertificateBuilder.subject("CN=ephemeral")
			.keyAlgorithm(KeyAlgorithm.EC_P256)
			.clientAuth()
			.validFor(java.time.Duration.ofHours(1))
			.selfSigned();

		assertThat(ephemeral.certificate().getKeyUsage()).startsWith(true, false, false);
		assertThat(ephemeral.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
	}

	@TempDir
	Path directory;

	@Test
	void writesTheWholePkiOnceAndKeepsItOnTheSecondRun() throws Exception {
		DevelopmentCertificates certificates = new DevelopmentCertificates(directory);

		assertThat(certificates.ensure()).containsExactly("ca", "auth-server", "resource-api", "demo-pki-client",
				"demo-selfsigned-client");
		byte[] caBefore = Files.readAllBytes(certificates.certificateFile("ca"));

		assertThat(certificates.ensure()).isEmpty();
		assertThat(Files.readAllBytes(certificates.certificateFile("ca"))).isEqualTo(caBefore);
	}

	@Test
	void pkiClientIsIssuedByTheCaWithTheDocumentedSubject() throws Exception {
		DevelopmentCertificates certificates = new DevelopmentCertificates(directory);
		certificates.ensure();

		X509Certificate ca = Pem.readCertificates(certificates.certificateFile("ca")).get(0);
		List<X509Certificate> client = Pem.readCertificates(certificates.certificateFile("demo-pki-client"));

		assertThat(client).hasSize(1);
		client.get(0).verify(ca.getPublicKey());
		assertThat(client.get(0).getSubjectX500Principal())
			.isEqualTo(new X500Principal("CN=demo-pki-client, O=mtls-authz demo"));
		assertThat(client.get(0).getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.2");
		boolean[] keyUsage = client.get(0).getKeyUsage();
		assertThat(keyUsage[0]).as("digitalSignature").isTrue();
		assertThat(keyUsage[2]).as("keyEncipherment").isFalse();
	}

	@Test
	void serverCertificatesCoverLoopbackAndComposeServiceNames() throws Exception {
		DevelopmentCertificates certificates = new DevelopmentCertificates(directory);
		certificates.ensure();

		X509Certificate server = Pem.readCertificates(certificates.certificateFile("auth-server")).get(0);

		assertThat(server.getSubjectAlternativeNames()).extracting(name -> name.get(1).toString())
			.contains("localhost", "auth-server", "resource-api", "127.0.0.1", "0:0:0:0:0:0:0:1");
		assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("EC");
	}

	@Test
	void privateKeysAreReadableByTheOwnerOnlyAndParseBack() throws Exception {
		DevelopmentCertificates certificates = new DevelopmentCertificates(directory);
		certificates.ensure();

		Path key = certificates.keyFile("demo-selfsigned-client");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
		assertThat(Files.readString(key)).startsWith("-----BEGIN " + "PRIVATE KEY-----"); // PKCS#8,
																							// split
																							// so
																							// no
																							// scanner
																							// mistakes
																							// it
																							// for
																							// a
																							// key
		assertThat(Pem.readPrivateKey(key).getAlgorithm()).isEqualTo("RSA");
	}

	@Test
	void replacesACertificateThatNoLongerVerifiesAgainstTheCa() throws Exception {
		DevelopmentCertificates certificates = new DevelopmentCertificates(directory);
		certificates.ensure();
		Files.delete(certificates.certificateFile("ca"));

		List<String> written = certificates.ensure();

		assertThat(written).contains("ca", "auth-server", "resource-api", "demo-pki-client")
			.doesNotContain("demo-selfsigned-client");
	}

}
