package dev.mtlsauthz.bench.compare;

import java.net.URI;
import java.util.List;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import dev.mtlsauthz.bench.BenchOptions;
import dev.mtlsauthz.bench.LoadOptions;
import dev.mtlsauthz.bench.LoadOptions.HttpsUrl;
import dev.mtlsauthz.bench.LoadOptions.Positive;
import dev.mtlsauthz.bench.oauth.ClientCredentials;

/**
 * The command line of a comparison: two or more servers, each named with its issuer and
 * client, and the same load for all of them.
 *
 * @param servers the servers, the first one being the one the others are compared with
 * @param scenarios the scenarios, each run against every server in every round
 * @param rounds how many times each scenario is measured at each server
 * @param load the load (virtual clients, their certificate, warm-up and measured time)
 */
public record CompareOptions(List<ServerUnderTest> servers, List<ComparedScenario> scenarios, int rounds,
		BenchOptions load) {

	/** The load at {@code server}'s issuer for {@code scenario}. */
	BenchOptions at(ServerUnderTest server, ComparedScenario scenario) {
		return load.withServer(server.issuerOf(scenario), server.client(), server.scope());
	}

	/** {@code java -jar bench/target/bench.jar compare ...}. */
	@Command(name = "compare", abbreviateSynopsis = true, sortOptions = false, usageHelpWidth = 120,
			header = "The same token scenarios against several RFC 8705 servers, side by side.",
			description = { "",
					"Runs the same token scenarios against two or more RFC 8705 servers in alternating rounds "
							+ "after a warm-up of each, and prints one table with every server and the ratio of "
							+ "the first to each other one. Each server is given as --server NAME followed by its "
							+ "options (see bench/README.md, \"Side by side\"). --server-warm-up is per server, "
							+ "divided among the scenarios.",
					"" })
	public static final class Arguments {

		@ArgGroup(exclusive = false, multiplicity = "2..*", heading = "%nEach server:%n")
		List<Server> servers;

		@Option(names = "--scenarios", paramLabel = "LIST", split = ",", hideParamSyntax = true,
				defaultValue = "a,b,a-es256", converter = Scenario.class,
				description = "a (keep-alive), b (a new TLS connection per request), a-es256 (a at the "
						+ "ES256 issuers) (${DEFAULT-VALUE})")
		List<ComparedScenario> scenarios;

		@Option(names = "--rounds", paramLabel = "N", defaultValue = "3", converter = Positive.class,
				description = "measured rounds of each scenario at each server, the servers' order "
						+ "alternating from round to round (${DEFAULT-VALUE})")
		int rounds;

		@Mixin
		LoadOptions load;

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "this text")
		boolean help;

		public CompareOptions toOptions() {
			return new CompareOptions(servers.stream().map(Server::toServer).toList(), List.copyOf(scenarios), rounds,
					BenchOptions.of(load));
		}

	}

	static final class Server {

		@Option(names = "--server", paramLabel = "NAME", required = true, description = "its name in the table")
		String name;

		@Option(names = "--issuer", paramLabel = "URL", required = true, converter = HttpsUrl.class,
				description = "its issuer (RS256), whose metadata names the token endpoint")
		URI issuer;

		@Option(names = "--es256-issuer", paramLabel = "URL", converter = HttpsUrl.class,
				description = "its issuer with ES256 keys, for a-es256")
		URI es256Issuer;

		@Option(names = "--client-id", paramLabel = "ID", required = true,
				description = "its client_secret_basic client with certificate-bound tokens")
		String clientId;

		@Option(names = "--client-secret", paramLabel = "SECRET", required = true, description = "its secret")
		String clientSecret;

		@Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "api.read",
				description = "the scope its token requests ask for (${DEFAULT-VALUE})")
		String scope;

		@Option(names = "--pid", paramLabel = "PID", description = "the process of its issuer, for its memory")
		Long pid;

		@Option(names = "--es256-pid", paramLabel = "PID",
				description = "the process of its ES256 issuer, when it is another one")
		Long es256Pid;

		ServerUnderTest toServer() {
			return new ServerUnderTest(name, issuer, es256Issuer,
					new ClientCredentials(clientId, ClientCredentials.CLIENT_SECRET_BASIC, clientSecret), scope, pid,
					es256Pid);
		}

	}

	static final class Scenario implements ITypeConverter<ComparedScenario> {

		@Override
		public ComparedScenario convert(String id) {
			try {
				return ComparedScenario.of(id);
			}
			catch (IllegalArgumentException ex) {
				throw new TypeConversionException(ex.getMessage());
			}
		}

	}

}
