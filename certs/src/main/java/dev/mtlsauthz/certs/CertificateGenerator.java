package dev.mtlsauthz.certs;

import java.nio.file.Path;
import java.util.List;

/**
 * Command line entry point: {@code java -jar certs/target/certs.jar [directory]} writes
 * the development PKI to {@code directory} (default {@code certs/generated}) and prints
 * what it created.
 */
public final class CertificateGenerator {

	private CertificateGenerator() {
	}

	public static void main(String[] args) {
		Path directory = Path.of(args.length > 0 ? args[0] : "certs/generated").toAbsolutePath().normalize();
		List<String> written = new DevelopmentCertificates(directory).ensure();
		if (written.isEmpty()) {
			System.out.println("Certificates in " + directory + " are up to date.");
		}
		else {
			System.out.println("Wrote to " + directory + ": " + String.join(", ", written));
		}
	}

}
