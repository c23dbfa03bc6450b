package dev.mtlsauthz.resourceapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.Pem;

/**
 * The certificates of a test run, generated when the tests start: a CA that issues both
 * servers' TLS certificates, and client certificates of every kind a client may bind its
 * tokens to.
 */
final class TestPki {

	static final IssuedCertificate CA = CertificateBuilder.subject("CN=resource-api test CA")
		.certificateAuthority()
		.validFor(Duration.ofDays(1))
		.selfSigned();

	static final IssuedCertificate RESOURCE_API = server("CN=resource-api");

	static final IssuedCertificate ISSUER = server("CN=test issuer");

	/** The client the tokens are bound to: a CA-issued certificate. */
	static final IssuedCertificate CLIENT = CertificateBuilder.subject("CN=client")
		.clientAuth()
		.validFor(Duration.ofDays(1))
		.issuedBy(CA);

	/**
	 * Someone else's certificate, self-signed like an ephemeral one (RFC 8705 section 3
	 * needs no CA).
	 */
	static final IssuedCertificate OTHER = CertificateBuilder.subject("CN=other")
		.clientAuth()
		.validFor(Duration.ofDays(1))
		.selfSigned();

	static final Path DIRECTORY = writeFiles();

	private TestPki() {
	}

	static Path file(String name) {
		return DIRECTORY.resolve(name);
	}

	/**
	 * A client TLS context trusting the test CA and presenting {@code certificate}, or
	 * nothing when it is null.
	 */
	static SSLContext clientContext(IssuedCertificate certificate) {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			KeyManagerFactory keys = null;
			if (certificate != null) {
				keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				keys.init(certificate.toKeyStore("client", "secret".toCharArray()), "secret".toCharArray());
			}
			context.init(keys != null ? keys.getKeyManagers() : null, trustManagers().getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static SSLContext serverContext(IssuedCertificate server) {
		try {
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(server.toKeyStore("server", "secret".toCharArray()), "secret".toCharArray());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), null, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static TrustManagerFactory trustManagers() throws GeneralSecurityException {
		try {
			KeyStore trusted = KeyStore.getInstance("PKCS12");
			trusted.load(null, null);
			trusted.setCertificateEntry("ca", CA.certificate());
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trusted);
			return factory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static IssuedCertificate server(String subject) {
		return CertificateBuilder.subject(subject)
			.serverAuth()
			.dnsNames("localhost")
			.ipAddresses("127.0.0.1", "::1")
			.validFor(Duration.ofDays(1))
			.issuedBy(CA);
	}

	private static Path writeFiles() {
		try {
			Path directory = Files.createTempDirectory("resource-api-test");
			directory.toFile().deleteOnExit();
			Files.writeString(directory.resolve("ca.crt"), Pem.encode(CA.certificate()));
			Files.writeString(directory.resolve("resource-api.crt"), Pem.encode(RESOURCE_API.chain()));
			Files.writeString(directory.resolve("resource-api.key"), Pem.encode(RESOURCE_API.privateKey()));
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
