package dev.mtlsauthz.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import dev.mtlsauthz.bench.oauth.ClientCredentials;
import dev.mtlsauthz.bench.tls.CertificateSource;

/**
 * The command line. Every default is what {@code ./bench.sh} and this repository's seeded
 * clients use; any other RFC 8705 server is measured by naming its issuer, clients,
 * certificates and trust store.
 *
 * @param issuer the issuer identifier; its metadata gives the endpoints and their
 * {@code mtls_endpoint_aliases}
 * @param trustStore PEM file of the CA certificates that the servers' TLS certificates
 * chain to
 * @param client the client of scenarios (a) and (b), and of the token that (e) presents
 * @param clientCertificate the certificate each virtual client of (a), (b), (d) and (e)
 * holds
 * @param tlsClient the {@code tls_client_auth} client of scenario (c)
 * @param tlsClientCertificate its certificate, which the server matches against the
 * registered subject
 * @param introspector the protected resource that introspects in scenario (d)
 * @param introspectedClient the client whose (reference) tokens scenario (d) introspects
 * @param scope the scope every token request asks for
 * @param resource the URL scenario (e) calls with the binding check on
 * @param unboundResource the same API with the binding check switched off, for the
 * comparison; none skips it
 * @param scenarios the scenarios to run, in order; a repeated scenario is run again and
 * its rounds merged
 * @param concurrency the number of virtual clients, each on its own thread with its own
 * TLS identity
 * @param warmUp how long each scenario runs before it is measured
 * @param duration how long each scenario is measured
 * @param ceilingThreads threads signing for the RS256 ceiling; the number of cores by
 * default
 * @param soakTokens tokens to issue in the soak run (0: no soak run)
 * @param soakClient the client of the soak run, whose tokens should expire soon so that
 * purging can be seen
 * @param soakSegment the length of one measured segment of the soak run
 * @param output where the Markdown tables are written; none: only printed
 * @param serverWarmUp how long the servers are warmed up, all scenarios in turn, before
 * anything is measured
 * @param transport the keep-alive HTTP client: {@code socket} (a blocking socket per
 * virtual client) or {@code jdk} (the JDK's {@code HttpClient})
 */
public record BenchOptions(URI issuer, Path trustStore, ClientCredentials client, CertificateSource clientCertificate,
		ClientCredentials tlsClient, CertificateSource tlsClientCertificate, ClientCredentials introspector,
		ClientCredentials introspectedClient, String scope, URI resource, URI unboundResource, List<String> scenarios,
		int concurrency, Duration warmUp, Duration duration, int ceilingThreads, long soakTokens,
		ClientCredentials soakClient, Duration soakSegment, Path output, Duration serverWarmUp, String transport) {

	public static final String USAGE = """
			Usage: java -jar bench/target/bench.jar [options]   (from the repository root)
			  --issuer URL                 issuer identifier (https://localhost:8443)
			  --trust-store FILE           PEM CA certificates of the servers (certs/generated/ca.crt)
			  --client-id ID               client of scenarios a, b, e (demo-secret-client)
			  --auth-method METHOD         client_secret_basic, client_secret_post, tls_client_auth or
			                               self_signed_tls_client_auth (client_secret_basic)
			  --client-secret SECRET       (demo-secret)
			  --cert FILE --key FILE       one certificate for every virtual client (default: an ephemeral
			                               self-signed certificate per virtual client)
			  --tls-client-id ID           tls_client_auth client of scenario c (demo-pki-client)
			  --tls-cert FILE --tls-key FILE   its certificate (certs/generated/demo-pki-client.crt/.key)
			  --introspector-id ID --introspector-secret SECRET   scenario d's resource (resource-api)
			  --introspected-client-id ID --introspected-client-secret SECRET   whose tokens d introspects
			                               (demo-opaque-client)
			  --scope SCOPE                (api.read)
			  --resource URL               scenario e-on (https://localhost:9443/api/whoami)
			  --unbound-resource URL       scenario e-off: the same API with the binding check off (none)
			  --scenarios LIST             comma-separated: a,b,c,d,e-on,e-off,soak (a,b,c,d,e-on,e-off)
			  --concurrency N              virtual clients (16)
			  --warm-up DURATION           per scenario (10s); durations as 30s, 2m, 500ms
			  --server-warm-up DURATION    before anything is measured, all scenarios in turn (0s)
			  --duration DURATION          measured time per scenario (30s)
			  --ceiling-threads N          RS256 signing threads (the number of cores)
			  --soak-tokens N              tokens the soak scenario issues (1000000)
			  --soak-client-id ID --soak-client-secret SECRET   (bench-soak-client / bench-soak-secret)
			  --soak-segment DURATION      length of one measured soak segment (30s)
			  --output FILE                write the results as Markdown
			  --transport socket|jdk       keep-alive client: a blocking socket per virtual client, or the JDK's
			                               HttpClient (socket)
			""";

	/**
	 * Parses {@code --name value} and {@code --name=value} options.
	 * @throws IllegalArgumentException for an unknown option or a missing or malformed
	 * value
	 */
	public static BenchOptions parse(String... args) {
		Deque<String> remaining = new ArrayDeque<>(Arrays.asList(args));
		Builder builder = new Builder();
		while (!remaining.isEmpty()) {
			String arg = remaining.pop();
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 0) {
				remaining.push(arg.substring(equals + 1));
				arg = arg.substring(0, equals);
			}
			builder.apply(arg, remaining);
		}
		return builder.build();
	}

	private static final class Builder {

		private URI issuer = URI.create("https://localhost:8443");

		private Path trustStore = Path.of("certs/generated/ca.crt");

		private String clientId = "demo-secret-client";

		private String authMethod = ClientCredentials.CLIENT_SECRET_BASIC;

		private String clientSecret = "demo-secret";

		private Path cert;

		private Path key;

		private String tlsClientId = "demo-pki-client";

		private Path tlsCert = Path.of("certs/generated/demo-pki-client.crt");

		private Path tlsKey = Path.of("certs/generated/demo-pki-client.key");

		private String introspectorId = "resource-api";

		private String introspectorSecret = "resource-api-secret";

		private String introspectedClientId = "demo-opaque-client";

		private String introspectedClientSecret = "demo-opaque-secret";

		private String scope = "api.read";

		private URI resource = URI.create("https://localhost:9443/api/whoami");

		private URI unboundResource;

		private List<String> scenarios = List.of("a", "b", "c", "d", "e-on", "e-off");

		private int concurrency = 16;

		private Duration warmUp = Duration.ofSeconds(10);

		private Duration duration = Duration.ofSeconds(30);

		private int ceilingThreads = Runtime.getRuntime().availableProcessors();

		private long soakTokens = 1_000_000;

		private String soakClientId = "bench-soak-client";

		private String soakClientSecret = "bench-soak-secret";

		private Duration soakSegment = Duration.ofSeconds(30);

		private Path output;

		private Duration serverWarmUp = Duration.ZERO;

		private String transport = "socket";

		void apply(String option, Deque<String> remaining) {
			switch (option) {
				case "--issuer" -> issuer = url(option, remaining);
				case "--trust-store" -> trustStore = Path.of(value(option, remaining));
				case "--client-id" -> clientId = value(option, remaining);
				case "--auth-method" -> authMethod = value(option, remaining);
				case "--client-secret" -> clientSecret = value(option, remaining);
				case "--cert" -> cert = Path.of(value(option, remaining));
				case "--key" -> key = Path.of(value(option, remaining));
				case "--tls-client-id" -> tlsClientId = value(option, remaining);
				case "--tls-cert" -> tlsCert = Path.of(value(option, remaining));
				case "--tls-key" -> tlsKey = Path.of(value(option, remaining));
				case "--introspector-id" -> introspectorId = value(option, remaining);
				case "--introspector-secret" -> introspectorSecret = value(option, remaining);
				case "--introspected-client-id" -> introspectedClientId = value(option, remaining);
				case "--introspected-client-secret" -> introspectedClientSecret = value(option, remaining);
				case "--scope" -> scope = value(option, remaining);
				case "--resource" -> resource = url(option, remaining);
				case "--unbound-resource" -> unboundResource = url(option, remaining);
				case "--scenarios" -> scenarios = List.of(value(option, remaining).split(","));
				case "--concurrency" -> concurrency = positive(option, remaining);
				case "--warm-up" -> warmUp = duration(option, remaining);
				case "--duration" -> duration = duration(option, remaining);
				case "--ceiling-threads" -> ceilingThreads = positive(option, remaining);
				case "--soak-tokens" -> soakTokens = Long.parseLong(value(option, remaining));
				case "--soak-client-id" -> soakClientId = value(option, remaining);
				case "--soak-client-secret" -> soakClientSecret = value(option, remaining);
				case "--soak-segment" -> soakSegment = duration(option, remaining);
				case "--output" -> output = Path.of(value(option, remaining));
				case "--transport" -> transport = value(option, remaining);
				case "--server-warm-up" -> serverWarmUp = duration(option, remaining);
				default -> throw new IllegalArgumentException("unknown option " + option);
			}
		}

		BenchOptions build() {
			if (!transport.equals("socket") && !transport.equals("jdk")) {
				throw new IllegalArgumentException("--transport is socket or jdk: " + transport);
			}
			if ((cert == null) != (key == null)) {
				throw new IllegalArgumentException("--cert and --key go together");
			}
			CertificateSource clientCertificate = cert != null ? CertificateSource.files(cert, key)
					: CertificateSource.ephemeral();
			return new BenchOptions(issuer, trustStore, new ClientCredentials(clientId, authMethod, clientSecret),
					clientCertificate, new ClientCredentials(tlsClientId, ClientCredentials.TLS_CLIENT_AUTH, null),
					CertificateSource.files(tlsCert, tlsKey),
					new ClientCredentials(introspectorId, ClientCredentials.CLIENT_SECRET_BASIC, introspectorSecret),
					new ClientCredentials(introspectedClientId, ClientCredentials.CLIENT_SECRET_BASIC,
							introspectedClientSecret),
					scope, resource, unboundResource, scenarios, concurrency, warmUp, duration, ceilingThreads,
					soakTokens,
					new ClientCredentials(soakClientId, ClientCredentials.CLIENT_SECRET_BASIC, soakClientSecret),
					soakSegment, output, serverWarmUp, transport);
		}

	}

	private static String value(String option, Deque<String> remaining) {
		if (remaining.isEmpty() || remaining.peek().startsWith("--")) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return remaining.pop();
	}

	private static int positive(String option, Deque<String> remaining) {
		String value = value(option, remaining);
		try {
			int number = Integer.parseInt(value);
			if (number > 0) {
				return number;
			}
		}
		catch (NumberFormatException ignored) {
			// reported below
		}
		throw new IllegalArgumentException(option + " must be a positive number: " + value);
	}

	/** {@code 30s}, {@code 2m}, {@code 500ms} or an ISO-8601 duration. */
	static Duration duration(String option, Deque<String> remaining) {
		String value = value(option, remaining).trim().toLowerCase();
		try {
			if (value.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
			}
			if (value.endsWith("s")) {
				return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
			}
			if (value.endsWith("m")) {
				return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
			}
			return Duration.parse(value.toUpperCase());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(option + " is not a duration (30s, 2m, 500ms): " + value);
		}
	}

	private static URI url(String option, Deque<String> remaining) {
		String value = value(option, remaining);
		URI uri;
		try {
			uri = URI.create(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(option + " is not a URL: " + value);
		}
		if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
			throw new IllegalArgumentException(option + " must be an absolute https URL: " + value);
		}
		return uri;
	}
}
