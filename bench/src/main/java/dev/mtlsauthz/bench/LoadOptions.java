package dev.mtlsauthz.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import dev.mtlsauthz.bench.tls.CertificateSource;

/**
 * The options that shape the load, the same for the standard run and for a comparison of
 * servers: who the virtual clients are, how many, and for how long. A picocli mixin; each
 * default is written once, in its annotation, and the usage text shows it from there.
 */
public final class LoadOptions {

	/** Which keep-alive HTTP client the virtual clients use. */
	public enum Transport {

		/** A blocking socket per virtual client. */
		socket,

		/** The JDK's {@code java.net.http.HttpClient}. */
		jdk

	}

	@Option(names = "--trust-store", paramLabel = "FILE", defaultValue = "certs/generated/ca.crt",
			description = "PEM CA certificates of the servers (${DEFAULT-VALUE})")
	Path trustStore;

	@ArgGroup(exclusive = false)
	ClientCertificate clientCertificate;

	@Option(names = "--concurrency", paramLabel = "N", defaultValue = "16", converter = Positive.class,
			description = "virtual clients, each on its own thread with its own TLS identity (${DEFAULT-VALUE})")
	int concurrency;

	@Option(names = "--warm-up", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
			description = "per scenario, before it is measured (${DEFAULT-VALUE}); durations as 30s, 2m, 500ms")
	Duration warmUp;

	@Option(names = "--server-warm-up", paramLabel = "DURATION", defaultValue = "0s", converter = Durations.class,
			description = "warm-up of the servers before anything is measured, every scenario in turn "
					+ "(${DEFAULT-VALUE})")
	Duration serverWarmUp;

	@Option(names = "--duration", paramLabel = "DURATION", defaultValue = "30s", converter = Durations.class,
			description = "measured time per scenario (${DEFAULT-VALUE})")
	Duration duration;

	@Option(names = "--ceiling-threads", paramLabel = "N", converter = Positive.class,
			description = "RS256 signing threads (default: the number of cores)")
	Integer ceilingThreads;

	@Option(names = "--output", paramLabel = "FILE", description = "also write the results as Markdown to FILE")
	Path output;

	@Option(names = "--transport", paramLabel = "socket|jdk", defaultValue = "socket",
			description = "keep-alive client: a blocking socket per virtual client, or the JDK's HttpClient "
					+ "(${DEFAULT-VALUE})")
	Transport transport;

	CertificateSource clientCertificate() {
		return clientCertificate == null ? CertificateSource.ephemeral()
				: CertificateSource.files(clientCertificate.cert, clientCertificate.key);
	}

	int ceilingThreads() {
		return ceilingThreads != null ? ceilingThreads : Runtime.getRuntime().availableProcessors();
	}

	/** {@code --cert} and {@code --key} go together. */
	static final class ClientCertificate {

		@Option(names = "--cert", paramLabel = "FILE", required = true,
				description = "one certificate (PEM, leaf first) for every virtual client; default: an ephemeral "
						+ "self-signed certificate per virtual client")
		Path cert;

		@Option(names = "--key", paramLabel = "FILE", required = true, description = "its private key, PEM")
		Path key;

	}

	/** {@code 30s}, {@code 2m}, {@code 500ms} or an ISO-8601 duration. */
	public static final class Durations implements ITypeConverter<Duration> {

		@Override
		public Duration convert(String text) {
			String value = text.trim().toLowerCase(Locale.ROOT);
			try {
				if (value.startsWith("p")) {
					return Duration.parse(value.toUpperCase(Locale.ROOT));
				}
				if (value.endsWith("ms")) {
					return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
				}
				if (value.endsWith("s")) {
					return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
				}
				if (value.endsWith("m")) {
					return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
				}
				throw new IllegalArgumentException("no unit");
			}
			catch (RuntimeException ex) {
				throw new TypeConversionException("not a duration (30s, 2m, 500ms): " + text);
			}
		}

	}

	/** A number greater than zero. */
	public static final class Positive implements ITypeConverter<Integer> {

		@Override
		public Integer convert(String value) {
			try {
				int number = Integer.parseInt(value);
				if (number > 0) {
					return number;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new TypeConversionException("must be a positive number: " + value);
		}

	}

	/** An absolute https URL. */
	public static final class HttpsUrl implements ITypeConverter<URI> {

		@Override
		public URI convert(String value) {
			URI uri;
			try {
				uri = URI.create(value);
			}
			catch (IllegalArgumentException ex) {
				throw new TypeConversionException("not a URL: " + value);
			}
			if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
				throw new TypeConversionException("must be an absolute https URL: " + value);
			}
			return uri;
		}

	}

}
