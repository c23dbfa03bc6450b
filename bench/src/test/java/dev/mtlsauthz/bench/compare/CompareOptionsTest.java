package dev.mtlsauthz.bench.compare;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

import dev.mtlsauthz.bench.BenchOptions;
import dev.mtlsauthz.bench.oauth.ClientCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CompareOptionsTest {

	private static final String[] TWO_SERVERS = { "--server", "mtls-authz", "--issuer", "https://localhost:28453",
			"--es256-issuer", "https://localhost:28463", "--client-id", "demo-secret-client", "--client-secret",
			"demo-secret", "--pid", "101", "--es256-pid", "102", "--server", "keycloak", "--issuer",
			"https://localhost:28443/realms/bench", "--es256-issuer", "https://localhost:28443/realms/bench-es256",
			"--client-id", "bench-client", "--client-secret", "bench-secret", "--scope", "profile", "--pid", "201" };

	@Test
	void eachServerTakesTheOptionsThatFollowItsName() {
		CompareOptions options = parse(TWO_SERVERS);

		assertThat(options.servers()).containsExactly(
				new ServerUnderTest("mtls-authz", URI.create("https://localhost:28453"),
						URI.create("https://localhost:28463"),
						new ClientCredentials("demo-secret-client", ClientCredentials.CLIENT_SECRET_BASIC,
								"demo-secret"),
						"api.read", 101L, 102L),
				new ServerUnderTest("keycloak", URI.create("https://localhost:28443/realms/bench"),
						URI.create("https://localhost:28443/realms/bench-es256"),
						new ClientCredentials("bench-client", ClientCredentials.CLIENT_SECRET_BASIC, "bench-secret"),
						"profile", 201L, null));
	}

	@Test
	void defaultsAreEveryScenarioInThreeRoundsWithTheStandardLoad() {
		CompareOptions options = parse(TWO_SERVERS);

		assertThat(options.scenarios()).containsExactly(ComparedScenario.A, ComparedScenario.B,
				ComparedScenario.A_ES256);
		assertThat(options.rounds()).isEqualTo(3);
		assertThat(options.load().concurrency()).isEqualTo(16);
		assertThat(options.load().trustStore()).isEqualTo(Path.of("certs/generated/ca.crt"));
	}

	@Test
	void theLoadIsTheSameAtEveryServerAndEachScenarioGoesToItsIssuer() {
		CompareOptions options = parse(concat(TWO_SERVERS, "--cert", "client.crt", "--key", "client.key", "--duration",
				"15s", "--rounds", "5", "--scenarios", "a,a-es256"));
		ServerUnderTest keycloak = options.servers().get(1);

		BenchOptions es256 = options.at(keycloak, ComparedScenario.A_ES256);

		assertThat(es256.issuer()).isEqualTo(URI.create("https://localhost:28443/realms/bench-es256"));
		assertThat(es256.client().clientId()).isEqualTo("bench-client");
		assertThat(es256.scope()).isEqualTo("profile");
		assertThat(es256.clientCertificate()).hasToString("client.crt");
		assertThat(es256.duration()).isEqualTo(Duration.ofSeconds(15));
		assertThat(options.at(keycloak, ComparedScenario.A).issuer())
			.isEqualTo(URI.create("https://localhost:28443/realms/bench"));
		assertThat(options.rounds()).isEqualTo(5);
		assertThat(options.scenarios()).containsExactly(ComparedScenario.A, ComparedScenario.A_ES256);
	}

	@Test
	void refusesOneServerAServerWithoutItsClientAndUnknownScenarios() {
		assertThatExceptionOfType(ParameterException.class).isThrownBy(() -> parse("--server", "alone", "--issuer",
				"https://localhost:1", "--client-id", "c", "--client-secret", "s"));
		assertThatExceptionOfType(ParameterException.class)
			.isThrownBy(() -> parse("--server", "a", "--issuer", "https://localhost:1", "--server", "b", "--issuer",
					"https://localhost:2"))
			.withMessageContaining("--client-id");
		assertThatExceptionOfType(ParameterException.class)
			.isThrownBy(() -> parse(concat(TWO_SERVERS, "--scenarios", "a,c")))
			.withMessageContaining("unknown scenario c");
	}

	@Test
	void usageNamesEveryServerOptionAndTheDefaults() {
		CompareOptions.Arguments arguments = new CompareOptions.Arguments();

		String usage = BenchOptions.usage(BenchOptions.commandLine(arguments));

		assertThat(usage).contains("--server NAME", "--issuer URL", "--es256-issuer URL", "--client-id ID",
				"--client-secret SECRET", "--scope SCOPE", "(api.read)", "--pid PID", "--rounds N", "(3)",
				"(a,b,a-es256)", "--server-warm-up DURATION", "--cert FILE");
	}

	private static CompareOptions parse(String... args) {
		CompareOptions.Arguments arguments = new CompareOptions.Arguments();
		BenchOptions.commandLine(arguments).parseArgs(args);
		return arguments.toOptions();
	}

	private static String[] concat(String[] first, String... more) {
		String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
		System.arraycopy(more, 0, all, first.length, more.length);
		return all;
	}

}
