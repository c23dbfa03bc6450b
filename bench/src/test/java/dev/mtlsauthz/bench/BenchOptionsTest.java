package dev.mtlsauthz.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

import dev.mtlsauthz.bench.oauth.ClientCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchOptionsTest {

	@Test
	void defaultsAreTheServersAndSeededClientsOfBenchSh() {
		BenchOptions options = BenchOptions.parse();

		assertThat(options.issuer()).isEqualTo(URI.create("https://localhost:8443"));
		assertThat(options.trustStore()).isEqualTo(Path.of("certs/generated/ca.crt"));
		assertThat(options.client()).isEqualTo(
				new ClientCredentials("demo-secret-client", ClientCredentials.CLIENT_SECRET_BASIC, "demo-secret"));
		assertThat(options.clientCertificate()).hasToString("ephemeral self-signed");
		assertThat(options.tlsClient().clientId()).isEqualTo("demo-pki-client");
		assertThat(options.scenarios()).containsExactly("a", "b", "c", "d", "e-on", "e-off");
		assertThat(options.concurrency()).isEqualTo(16);
		assertThat(options.warmUp()).isEqualTo(Duration.ofSeconds(10));
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
		assertThat(options.serverWarmUp()).isZero();
		assertThat(options.ceilingThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
		assertThat(options.unboundResource()).isNull();
		assertThat(options.output()).isNull();
		assertThat(options.transport()).isEqualTo("socket");
	}

	@Test
	void acceptsValuesAfterASpaceOrAnEqualsSignAndShortDurations() {
		BenchOptions options = BenchOptions.parse("--issuer=https://as.example/tenant", "--client-secret", "s=t",
				"--scenarios", "a,e-on,a", "--warm-up=500ms", "--duration", "2m", "--server-warm-up", "PT90S", "--cert",
				"client.crt", "--key=client.key", "--transport", "jdk", "--concurrency", "4");

		assertThat(options.issuer()).isEqualTo(URI.create("https://as.example/tenant"));
		assertThat(options.client().secret()).isEqualTo("s=t");
		assertThat(options.scenarios()).containsExactly("a", "e-on", "a");
		assertThat(options.warmUp()).isEqualTo(Duration.ofMillis(500));
		assertThat(options.duration()).isEqualTo(Duration.ofMinutes(2));
		assertThat(options.serverWarmUp()).isEqualTo(Duration.ofSeconds(90));
		assertThat(options.clientCertificate()).hasToString("client.crt");
		assertThat(options.transport()).isEqualTo("jdk");
		assertThat(options.concurrency()).isEqualTo(4);
	}

	@Test
	void aLaterValueOverridesAnEarlierOne() {
		BenchOptions options = BenchOptions.parse("--duration", "20s", "--scenarios", "a", "--duration=60s");

		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void refusesUnknownOptionsMalformedValuesAndACertificateWithoutItsKey() {
		assertThatExceptionOfType(ParameterException.class).isThrownBy(() -> BenchOptions.parse("--isuer", "x"))
			.withMessageContaining("--isuer");
		assertThatExceptionOfType(ParameterException.class)
			.isThrownBy(() -> BenchOptions.parse("--issuer", "http://localhost:8443"))
			.withMessageContaining("must be an absolute https URL");
		assertThatExceptionOfType(ParameterException.class).isThrownBy(() -> BenchOptions.parse("--duration", "soon"))
			.withMessageContaining("not a duration");
		assertThatExceptionOfType(ParameterException.class).isThrownBy(() -> BenchOptions.parse("--concurrency", "0"))
			.withMessageContaining("must be a positive number");
		assertThatExceptionOfType(ParameterException.class).isThrownBy(() -> BenchOptions.parse("--transport", "curl"))
			.withMessageContaining("socket, jdk");
		assertThatExceptionOfType(ParameterException.class).isThrownBy(() -> BenchOptions.parse("--cert", "c.crt"))
			.withMessageContaining("--key");
		assertThatIllegalArgumentException().isThrownBy(() -> BenchOptions.parse("--auth-method", "private_key_jwt"))
			.withMessageContaining("unsupported client authentication method");
	}

	@Test
	void usageShowsEveryOptionWithItsDefault() {
		String usage = BenchOptions.usage();

		assertThat(usage).contains("--issuer URL", "(https://localhost:8443)", "--concurrency N", "(16)",
				"--warm-up DURATION", "(10s)", "--duration DURATION", "(30s)", "--scenarios LIST",
				"(a,b,c,d,e-on,e-off)", "--transport socket|jdk", "(socket)", "(certs/generated/ca.crt)",
				"(bench-soak-client)", "-h, --help");
		assertThat(List.of("--trust-store", "--cert", "--key", "--tls-cert", "--soak-tokens", "--output"))
			.allSatisfy(option -> assertThat(usage).contains(option));
	}

}
