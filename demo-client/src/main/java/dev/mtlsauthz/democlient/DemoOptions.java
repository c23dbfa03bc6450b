package dev.mtlsauthz.democlient;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line. Every default is what {@code ./demo.sh} and a freshly started pair of
 * servers use, so the demo runs without options from the repository root. The defaults
 * are written once, in {@link Arguments}, and the usage text shows them from there.
 */
public record DemoOptions(URI issuer, URI api, ClientSecretBasic secretClient, ClientSecretBasic opaqueClient,
		String pkiClientId, Path pkiCertificate, Path pkiKey, ClientSecretBasic introspectionClient, Path trustStore,
		String scope, boolean json, boolean color, boolean help) {

	public static DemoOptions defaults() {
		return parse();
	}

	/**
	 * Parses {@code --name value} and {@code --name=value} options.
	 * @throws IllegalArgumentException for an unknown option, a missing value or a
	 * malformed URL
	 */
	public static DemoOptions parse(String... args) {
		Arguments arguments = new Arguments();
		try {
			// As before picocli, a later value overrides an earlier one (scripts append
			// to a default command line).
			new CommandLine(arguments).setOverwrittenOptionsAllowed(true).parseArgs(args);
		}
		catch (UnmatchedArgumentException ex) {
			String unmatched = ex.getUnmatched().get(0);
			throw new IllegalArgumentException(
					(unmatched.startsWith("-") ? "unknown option " : "unexpected argument ") + unmatched);
		}
		catch (MissingParameterException ex) {
			throw new IllegalArgumentException(name(ex.getMissing()) + " needs a value");
		}
		catch (ParameterException ex) {
			throw new IllegalArgumentException(ex.getMessage());
		}
		return arguments.toOptions();
	}

	/**
	 * The text of {@code --help}; docs/demo.md quotes it and DemoOptionsTest keeps the
	 * two equal.
	 */
	public static String usage() {
		// Shown as "--name VALUE", the form demo.sh and the docs use; the parser takes
		// "--name=VALUE" too, which a space separator would not.
		return new CommandLine(new Arguments()).setSeparator(" ")
			.setUsageHelpLongOptionsMaxWidth(40)
			.getUsageMessage(CommandLine.Help.Ansi.OFF);
	}

	private static String name(List<ArgSpec> missing) {
		return (missing.get(0) instanceof OptionSpec option) ? option.longestName() : missing.get(0).paramLabel();
	}

	@Command(name = "java -jar demo-client/target/demo-client.jar", abbreviateSynopsis = true, sortOptions = false,
			usageHelpWidth = 110,
			description = { "",
					"Shows an RFC 8705 round trip: discovery, an ephemeral client certificate, a token at the mTLS "
							+ "alias bound to it, and the resource API accepting that token only with that "
							+ "certificate.",
					"" },
			footer = { "",
					"Exit status: 0 when every step behaved as expected; else the number of the first failing step "
							+ "(1-6), named on stderr; 64 for a usage error." })
	private static final class Arguments {

		@Option(names = "--issuer", paramLabel = "URL", defaultValue = "https://localhost:8443",
				converter = HttpsUrl.class, description = "authorization server issuer (${DEFAULT-VALUE})")
		URI issuer;

		@Option(names = "--api", paramLabel = "URL", defaultValue = "https://localhost:9443",
				converter = HttpsUrl.class, description = "resource API base URL (${DEFAULT-VALUE})")
		URI api;

		@Option(names = "--client-id", paramLabel = "ID", defaultValue = "demo-secret-client",
				description = "client_secret_basic client (${DEFAULT-VALUE})")
		String clientId;

		@Option(names = "--client-secret", paramLabel = "SECRET", defaultValue = "demo-secret",
				description = "its secret (${DEFAULT-VALUE})")
		String clientSecret;

		@Option(names = "--opaque-client-id", paramLabel = "ID", defaultValue = "demo-opaque-client",
				description = "client with opaque tokens (${DEFAULT-VALUE})")
		String opaqueClientId;

		@Option(names = "--opaque-client-secret", paramLabel = "SECRET", defaultValue = "demo-opaque-secret",
				description = "its secret (${DEFAULT-VALUE})")
		String opaqueClientSecret;

		@Option(names = "--pki-client-id", paramLabel = "ID", defaultValue = "demo-pki-client",
				description = "tls_client_auth client (${DEFAULT-VALUE})")
		String pkiClientId;

		@Option(names = "--pki-cert", paramLabel = "FILE", defaultValue = "certs/generated/demo-pki-client.crt",
				description = "its certificate, PEM (${DEFAULT-VALUE})")
		Path pkiCertificate;

		@Option(names = "--pki-key", paramLabel = "FILE", defaultValue = "certs/generated/demo-pki-client.key",
				description = "its private key, PEM (${DEFAULT-VALUE})")
		Path pkiKey;

		@Option(names = "--introspection-client-id", paramLabel = "ID", defaultValue = "resource-api",
				description = "introspects the tokens (${DEFAULT-VALUE})")
		String introspectionClientId;

		@Option(names = "--introspection-client-secret", paramLabel = "SECRET", defaultValue = "resource-api-secret",
				description = "its secret (${DEFAULT-VALUE})")
		String introspectionClientSecret;

		@Option(names = "--trust-store", paramLabel = "FILE", defaultValue = "certs/generated/ca.crt",
				description = "CA certificates, PEM (${DEFAULT-VALUE})")
		Path trustStore;

		@Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "api.read",
				description = "scope to request (${DEFAULT-VALUE})")
		String scope;

		@Option(names = "--json", description = "one JSON document on stdout, for scripts")
		boolean json;

		@Option(names = "--no-color", description = "no ANSI colour even on a terminal")
		boolean noColor;

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "this text")
		boolean help;

		DemoOptions toOptions() {
			return new DemoOptions(issuer, api, new ClientSecretBasic(clientId, clientSecret),
					new ClientSecretBasic(opaqueClientId, opaqueClientSecret), pkiClientId, pkiCertificate, pkiKey,
					new ClientSecretBasic(introspectionClientId, introspectionClientSecret), trustStore, scope, json,
					!noColor, help);
		}

	}

	/**
	 * An absolute https URL; a trailing slash is dropped so that paths can be appended.
	 */
	static final class HttpsUrl implements ITypeConverter<URI> {

		@Override
		public URI convert(String value) {
			URI uri;
			try {
				uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
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
