package dev.mtlsauthz.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The development PKI under {@code certs/generated/}: a CA, TLS server certificates for
 * both servers, a client certificate issued by the CA and a self-signed client
 * certificate. {@link #ensure()} is idempotent: a file pair that exists, is still valid
 * for a week and (for issued certificates) was signed by the current CA is kept, so the
 * servers, the demo and docker-compose can all call it at start without racing each
 * other.
 */
public final class DevelopmentCertificates {

	public static final String CA = "ca";

	public static final String AUTH_SERVER = "auth-server";

	public static final String RESOURCE_API = "resource-api";

	public static final String DEMO_PKI_CLIENT = "demo-pki-client";

	public static final String DEMO_SELF_SIGNED_CLIENT = "demo-selfsigned-client";

	public static final String DEMO_PKI_CLIENT_SUBJECT = "CN=demo-pki-client, O=mtls-authz demo";

	/**
	 * Host names a server certificate answers to: loopback and the docker-compose service
	 * names.
	 */
	private static final String[] SERVER_DNS_NAMES = { "localhost", AUTH_SERVER, RESOURCE_API };

	private static final String[] SERVER_IP_ADDRESSES = { "127.0.0.1", "::1" };

	private static final Duration MINIMUM_REMAINING_VALIDITY = Duration.ofDays(7);

	private final Path directory;

	public DevelopmentCertificates(Path directory) {
		this.directory = directory;
	}

	public Path directory() {
		return directory;
	}

	public Path certificateFile(String name) {
		return directory.resolve(name + ".crt");
	}

	public Path keyFile(String name) {
		return directory.resolve(name + ".key");
	}

	/**
	 * Creates whatever is missing, expired or signed by a CA other than the current one.
	 * @return the names of the certificates written by this call (empty when everything
	 * was already in place)
	 */
	public List<String> ensure() {
		try {
			Files.createDirectories(directory);
			try (FileChannel channel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
				return ensureLocked();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write development certificates to " + directory, ex);
		}
	}

	private List<String> ensureLocked() throws IOException {
		List<String> written = new ArrayList<>();
		IssuedCertificate ca = load(CA, null);
		if (ca == null) {
			ca = CertificateBuilder.subject("CN=mtls-authz development CA, O=mtls-authz demo")
				.certificateAuthority()
				.validFor(Duration.ofDays(3650))
				.selfSigned();
			write(CA, ca);
			written.add(CA);
		}
		for (String server : List.of(AUTH_SERVER, RESOURCE_API)) {
			if (load(server, ca) == null) {
				write(server,
						// ECDSA P-256: a full TLS handshake signs with the server's key,
						// which costs the
						// server about a fifth less CPU than with RSA 2048
						// (bench/README.md, "New connections").
						CertificateBuilder.subject("CN=" + server + ", O=mtls-authz demo")
							.keyAlgorithm(KeyAlgorithm.EC_P256)
							.serverAuth()
							.dnsNames(SERVER_DNS_NAMES)
							.ipAddresses(SERVER_IP_ADDRESSES)
							.validFor(Duration.ofDays(825))
							.issuedBy(ca));
				written.add(server);
			}
		}
		if (load(DEMO_PKI_CLIENT, ca) == null) {
			write(DEMO_PKI_CLIENT,
					CertificateBuilder.subject(DEMO_PKI_CLIENT_SUBJECT)
						.clientAuth()
						.validFor(Duration.ofDays(825))
						.issuedBy(ca)
						.leafOnly());
			written.add(DEMO_PKI_CLIENT);
		}
		if (load(DEMO_SELF_SIGNED_CLIENT, null) == null) {
			write(DEMO_SELF_SIGNED_CLIENT,
					CertificateBuilder.subject("CN=demo-selfsigned-client, O=mtls-authz demo")
						.clientAuth()
						.validFor(Duration.ofDays(825))
						.selfSigned());
			written.add(DEMO_SELF_SIGNED_CLIENT);
		}
		return written;
	}

	/** The pair named {@code name} if it is usable as it is, else {@code null}. */
	private IssuedCertificate load(String name, IssuedCertificate expectedIssuer) {
		Path certificateFile = certificateFile(name);
		Path keyFile = keyFile(name);
		if (!Files.isRegularFile(certificateFile) || !Files.isRegularFile(keyFile)) {
			return null;
		}
		try {
			IssuedCertificate existing = Pem.readIssuedCertificate(certificateFile, keyFile);
			X509Certificate certificate = existing.certificate();
			certificate.checkValidity(java.util.Date.from(Instant.now().plus(MINIMUM_REMAINING_VALIDITY)));
			if (expectedIssuer != null) {
				certificate.verify(expectedIssuer.certificate().getPublicKey());
				return new IssuedCertificate(certificate, existing.privateKey(), List.of(expectedIssuer.certificate()));
			}
			return existing;
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return null;
		}
	}

	private void write(String name, IssuedCertificate issued) throws IOException {
		List<X509Certificate> fileChain = new ArrayList<>();
		fileChain.add(issued.certificate());
		fileChain.addAll(issued.issuers());
		Files.writeString(certificateFile(name), Pem.encode(fileChain.toArray(X509Certificate[]::new)),
				StandardCharsets.US_ASCII);
		Path keyFile = keyFile(name);
		Files.deleteIfExists(keyFile);
		try {
			Files.createFile(keyFile,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			Files.createFile(keyFile);
		}
		Files.writeString(keyFile, Pem.encode(issued.privateKey()), StandardCharsets.US_ASCII);
	}

}
