package dev.mtlsauthz.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import dev.mtlsauthz.bench.LoadOptions.HttpsUrl;
import dev.mtlsauthz.bench.oauth.ClientCredentials;
import dev.mtlsauthz.bench.tls.CertificateSource;

/**
 * The command line of the standard run. Every default is what {@code ./bench.sh} and this
 * repository's seeded clients use; any other RFC 8705 server is measured by naming its
 * issuer, clients, certificates and trust store. Each default is written once, in the
 * annotations of {@link Arguments} and {@link LoadOptions}, and the usage text shows it
 * from there.
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

	/**
	 * Parses {@code --name value} and {@code --name=value} options.
	 * @throws ParameterException for an unknown option or a missing or malformed value
	 */
	public static BenchOptions parse(String... args) {
		Arguments arguments = new Arguments();
		commandLine(arguments).parseArgs(args);
		return arguments.toOptions();
	}

	/** The text of {@code --help}. */
	public static String usage() {
		return usage(commandLine(new Arguments()));
	}

	/**
	 * A later value overrides an earlier one, so that bench.sh's options can be
	 * overridden by appending.
	 */
	public static CommandLine commandLine(Object arguments) {
		return new CommandLine(arguments).setOverwrittenOptionsAllowed(true);
	}

	/**
	 * Shown as {@code --name VALUE}, the form bench.sh and the README use; the parser
	 * takes {@code --name=VALUE} too, which a space separator would not.
	 */
	public static String usage(CommandLine commandLine) {
		return commandLine.setSeparator(" ")
			.setUsageHelpLongOptionsMaxWidth(36)
			.getUsageMessage(CommandLine.Help.Ansi.OFF);
	}

	/**
	 * The load alone, without a server: a comparison of servers adds each one with
	 * {@link #withServer}. It runs scenarios a and b only, so the clients of the others
	 * stay unset.
	 */
	public static BenchOptions of(LoadOptions load) {
		return new BenchOptions(null, load.trustStore, null, load.clientCertificate(), null, null, null, null, null,
				null, null, List.of(), load.concurrency, load.warmUp, load.duration, load.ceilingThreads(), 0, null,
				load.duration, load.output, load.serverWarmUp, load.transport.name());
	}

	/** The same load at another server, for another client and scope. */
	public BenchOptions withServer(URI issuer, ClientCredentials client, String scope) {
		return new BenchOptions(issuer, trustStore, client, clientCertificate, tlsClient, tlsClientCertificate,
				introspector, introspectedClient, scope, resource, unboundResource, scenarios, concurrency, warmUp,
				duration, ceilingThreads, soakTokens, soakClient, soakSegment, output, serverWarmUp, transport);
	}

	/**
	 * The standard run's command line, with the comparison as its {@code compare}
	 * subcommand.
	 */
	@Command(name = "java -jar bench/target/bench.jar", abbreviateSynopsis = true, sortOptions = false,
			usageHelpWidth = 120,
			description = { "", "Measures token issuance, introspection and a resource API over mutual TLS "
					+ "(run from the repository root; see bench/README.md).", "" })
	static final class Arguments {

		@Option(names = "--issuer", paramLabel = "URL", defaultValue = "https://localhost:8443",
				converter = HttpsUrl.class, description = "issuer identifier (${DEFAULT-VALUE})")
		URI issuer;

		@Option(names = "--client-id", paramLabel = "ID", defaultValue = "demo-secret-client",
				description = "client of scenarios a, b, e (${DEFAULT-VALUE})")
		String clientId;

		@Option(names = "--auth-method", paramLabel = "METHOD", defaultValue = ClientCredentials.CLIENT_SECRET_BASIC,
				description = "client_secret_basic, client_secret_post, tls_client_auth or "
						+ "self_signed_tls_client_auth (${DEFAULT-VALUE})")
		String authMethod;

		@Option(names = "--client-secret", paramLabel = "SECRET", defaultValue = "demo-secret",
				description = "its secret (${DEFAULT-VALUE})")
		String clientSecret;

		@Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "api.read",
				description = "the scope every token request asks for (${DEFAULT-VALUE})")
		String scope;

		@Mixin
		LoadOptions load;

		@Option(names = "--tls-client-id", paramLabel = "ID", defaultValue = "demo-pki-client",
				description = "tls_client_auth client of scenario c (${DEFAULT-VALUE})")
		String tlsClientId;

		@Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "certs/generated/demo-pki-client.crt",
				description = "its certificate (${DEFAULT-VALUE})")
		Path tlsCert;

		@Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "certs/generated/demo-pki-client.key",
				description = "its private key (${DEFAULT-VALUE})")
		Path tlsKey;

		@Option(names = "--introspector-id", paramLabel = "ID", defaultValue = "resource-api",
				description = "scenario d's protected resource, which introspects (${DEFAULT-VALUE})")
		String introspectorId;

		@Option(names = "--introspector-secret", paramLabel = "SECRET", defaultValue = "resource-api-secret",
				description = "its secret (${DEFAULT-VALUE})")
		String introspectorSecret;

		@Option(names = "--introspected-client-id", paramLabel = "ID", defaultValue = "demo-opaque-client",
				description = "the client whose reference tokens d introspects (${DEFAULT-VALUE})")
		String introspectedClientId;

		@Option(names = "--introspected-client-secret", paramLabel = "SECRET", defaultValue = "demo-opaque-secret",
				description = "its secret (${DEFAULT-VALUE})")
		String introspectedClientSecret;

		@Option(names = "--resource", paramLabel = "URL", defaultValue = "https://localhost:9443/api/whoami",
				converter = HttpsUrl.class, description = "scenario e-on's API, binding check on (${DEFAULT-VALUE})")
		URI resource;

		@Option(names = "--unbound-resource", paramLabel = "URL", converter = HttpsUrl.class,
				description = "scenario e-off: the same API with the binding check off (none)")
		URI unboundResource;

		@Option(names = "--scenarios", paramLabel = "LIST", split = ",", hideParamSyntax = true,
				defaultValue = "a,b,c,d,e-on,e-off",
				description = "in order, comma-separated: a, b, c, d, e-on, e-off, soak; a repeated scenario runs "
						+ "again and its rounds are merged (${DEFAULT-VALUE})")
		List<String> scenarios;

		@Option(names = "--soak-tokens", paramLabel = "N", defaultValue = "1000000",
				description = "tokens the soak scenario issues (${DEFAULT-VALUE})")
		long soakTokens;

		@Option(names = "--soak-client-id", paramLabel = "ID", defaultValue = "bench-soak-client",
				description = "the soak run's client, whose tokens should expire soon (${DEFAULT-VALUE})")
		String soakClientId;

		@Option(names = "--soak-client-secret", paramLabel = "SECRET", defaultValue = "bench-soak-secret",
				description = "its secret (${DEFAULT-VALUE})")
		String soakClientSecret;

		@Option(names = "--soak-segment", paramLabel = "DURATION", defaultValue = "30s",
				converter = LoadOptions.Durations.class,
				description = "length of one measured soak segment (${DEFAULT-VALUE})")
		Duration soakSegment;

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "this text")
		boolean help;

		BenchOptions toOptions() {
			ClientCredentials client;
			try {
				client = new ClientCredentials(clientId, authMethod, clientSecret);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("--auth-method: " + ex.getMessage(), ex);
			}
			return new BenchOptions(issuer, load.trustStore, client, load.clientCertificate(),
					new ClientCredentials(tlsClientId, ClientCredentials.TLS_CLIENT_AUTH, null),
					CertificateSource.files(tlsCert, tlsKey),
					new ClientCredentials(introspectorId, ClientCredentials.CLIENT_SECRET_BASIC, introspectorSecret),
					new ClientCredentials(introspectedClientId, ClientCredentials.CLIENT_SECRET_BASIC,
							introspectedClientSecret),
					scope, resource, unboundResource, List.copyOf(scenarios), load.concurrency, load.warmUp,
					load.duration, load.ceilingThreads(), soakTokens,
					new ClientCredentials(soakClientId, ClientCredentials.CLIENT_SECRET_BASIC, soakClientSecret),
					soakSegment, load.output, load.serverWarmUp, load.transport.name());
		}

	}

}
