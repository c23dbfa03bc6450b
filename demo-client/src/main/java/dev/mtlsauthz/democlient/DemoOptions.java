package dev.mtlsauthz.democlient;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The command line. Every default is what {@code ./demo.sh} and a freshly started pair of
 * servers use, so the demo runs without options from the repository root.
 */
public record DemoOptions(URI issuer, URI api, ClientSecretBasic secretClient, ClientSecretBasic opaqueClient,
		String pkiClientId, Path pkiCertificate, Path pkiKey, ClientSecretBasic introspectionClient, Path trustStore,
		String scope, boolean json, boolean color, boolean help) {

	public static DemoOptions defaults() {
		return new Builder().build();
	}

	/**
	 * Parses {@code --name value} and {@code --name=value} options.
	 * @throws IllegalArgumentException for an unknown option, a missing value or a
	 * malformed URL
	 */
	public static DemoOptions parse(String... args) {
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

		private URI api = URI.create("https://localhost:9443");

		private String clientId = "demo-secret-client";

		private String clientSecret = "demo-secret";

		private String opaqueClientId = "demo-opaque-client";

		private String opaqueClientSecret = "demo-opaque-secret";

		private String pkiClientId = "demo-pki-client";

		private Path pkiCertificate = Path.of("certs/generated/demo-pki-client.crt");

		private Path pkiKey = Path.of("certs/generated/demo-pki-client.key");

		private String introspectionClientId = "resource-api";

		private String introspectionClientSecret = "resource-api-secret";

		private Path trustStore = Path.of("certs/generated/ca.crt");

		private String scope = "api.read";

		private boolean json;

		private boolean color = true;

		private boolean help;

		void apply(String option, Deque<String> remaining) {
			switch (option) {
				case "--issuer" -> issuer = url(option, remaining);
				case "--api" -> api = url(option, remaining);
				case "--client-id" -> clientId = value(option, remaining);
				case "--client-secret" -> clientSecret = value(option, remaining);
				case "--opaque-client-id" -> opaqueClientId = value(option, remaining);
				case "--opaque-client-secret" -> opaqueClientSecret = value(option, remaining);
				case "--pki-client-id" -> pkiClientId = value(option, remaining);
				case "--pki-cert" -> pkiCertificate = Path.of(value(option, remaining));
				case "--pki-key" -> pkiKey = Path.of(value(option, remaining));
				case "--introspection-client-id" -> introspectionClientId = value(option, remaining);
				case "--introspection-client-secret" -> introspectionClientSecret = value(option, remaining);
				case "--trust-store" -> trustStore = Path.of(value(option, remaining));
				case "--scope" -> scope = value(option, remaining);
				case "--json" -> json = true;
				case "--no-color" -> color = false;
				case "-h", "--help" -> help = true;
				default -> throw new IllegalArgumentException("unknown option " + option);
			}
		}

		DemoOptions build() {
			return new DemoOptions(issuer, api, new ClientSecretBasic(clientId, clientSecret),
					new ClientSecretBasic(opaqueClientId, opaqueClientSecret), pkiClientId, pkiCertificate, pkiKey,
					new ClientSecretBasic(introspectionClientId, introspectionClientSecret), trustStore, scope, json,
					color, help);
		}

	}

	private static String value(String option, Deque<String> remaining) {
		if (remaining.isEmpty() || remaining.peek().startsWith("--")) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return remaining.pop();
	}

	private static URI url(String option, Deque<String> remaining) {
		String value = value(option, remaining);
		URI uri;
		try {
			uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(option + " is not a URL: " + value);
		}
		if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
			throw new IllegalArgumentException(option + " must be an absolute https URL: " + value);
		}
		return uri;
	}

	/**
	 * The text of {@code --help}; docs/demo.md quotes it and DemoOptionsTest keeps the
	 * two equal.
	 */
	public static String usage() {
		return """
				Usage: java -jar demo-client/target/demo-client.jar [options]

				Shows an RFC 8705 round trip: discovery, an ephemeral client certificate, a token at the
				mTLS alias bound to it, and the resource API accepting that token only with that certificate.

				  --issuer URL                       authorization server issuer   (https://localhost:8443)
				  --api URL                          resource API base URL         (https://localhost:9443)
				  --client-id ID                     client_secret_basic client    (demo-secret-client)
				  --client-secret SECRET                                           (demo-secret)
				  --opaque-client-id ID              client with opaque tokens     (demo-opaque-client)
				  --opaque-client-secret SECRET                                    (demo-opaque-secret)
				  --pki-client-id ID                 tls_client_auth client        (demo-pki-client)
				  --pki-cert FILE                    its certificate, PEM          (certs/generated/demo-pki-client.crt)
				  --pki-key FILE                     its private key, PEM          (certs/generated/demo-pki-client.key)
				  --introspection-client-id ID       introspects the tokens        (resource-api)
				  --introspection-client-secret SECRET                             (resource-api-secret)
				  --trust-store FILE                 CA certificates, PEM          (certs/generated/ca.crt)
				  --scope SCOPE                      scope to request              (api.read)
				  --json                             one JSON document on stdout, for scripts
				  --no-color                         no ANSI colour even on a terminal
				  -h, --help                         this text

				Exit status: 0 when every step behaved as expected; else the number of the first failing
				step (1-6), named on stderr; 64 for a usage error.
				""";
	}
}
