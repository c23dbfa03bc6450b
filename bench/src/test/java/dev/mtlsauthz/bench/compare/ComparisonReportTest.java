package dev.mtlsauthz.bench.compare;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.bench.load.Scenario;
import dev.mtlsauthz.bench.load.ScenarioResult;
import dev.mtlsauthz.bench.load.VirtualClient;
import dev.mtlsauthz.bench.oauth.ClientCredentials;
import dev.mtlsauthz.bench.tls.HandshakeCounter;

import static org.assertj.core.api.Assertions.assertThat;

class ComparisonReportTest {

	private static final ServerUnderTest OURS = server("mtls-authz", URI.create("https://localhost:28463"));

	private static final ServerUnderTest KEYCLOAK = server("keycloak", null);

	@Test
	void showsBothServersAndTheRatioOfTheFirstToTheOther() {
		ComparisonReport report = new ComparisonReport(List.of(OURS, KEYCLOAK), List.of(ComparedScenario.A));
		report.round(OURS, ComparedScenario.A, result(1_000, 10, 20));
		report.round(KEYCLOAK, ComparedScenario.A, result(500, 10, 40));

		String table = report.toString();

		assertThat(table).startsWith("|  | mtls-authz | keycloak | mtls-authz / keycloak |\n|---|---:|---:|---:|\n");
		assertThat(table).contains("| (a) keep-alive, tokens/s | 1,000 | 500 | 2.00× |");
		assertThat(table).contains("| (a) keep-alive, p99 ms | 20.0 | 40.0 | 0.50× |");
		assertThat(table).contains("| errors, all rounds | 0 | 0 | |");
	}

	@Test
	void mergesRoundsAndShowsTheirRange() {
		ComparisonReport report = new ComparisonReport(List.of(OURS, KEYCLOAK), List.of(ComparedScenario.A));
		report.round(OURS, ComparedScenario.A, result(900, 10, 20));
		report.round(OURS, ComparedScenario.A, result(1_100, 10, 20));
		report.round(KEYCLOAK, ComparedScenario.A, result(400, 10, 40));
		report.round(KEYCLOAK, ComparedScenario.A, result(600, 10, 40));

		assertThat(report.toString())
			.contains("| (a) keep-alive, tokens/s | 1,000 (900–1,100) | 500 (400–600) | 2.00× |");
	}

	@Test
	void aScenarioOneServerCannotRunIsNotApplicableThereAndHasNoRatio() {
		ComparisonReport report = new ComparisonReport(List.of(OURS, KEYCLOAK), List.of(ComparedScenario.A_ES256));
		report.round(OURS, ComparedScenario.A_ES256, result(2_000, 10, 12));

		assertThat(report.toString()).contains("| (a) keep-alive, ES256 keys on both, tokens/s | 2,000 | n/a |  |");
	}

	@Test
	void reportsMemoryTokenSizeErrorsAndNotes() {
		ComparisonReport report = new ComparisonReport(List.of(OURS, KEYCLOAK), List.of(ComparedScenario.A));
		report.round(OURS, ComparedScenario.A, result(1_000, 10, 20));
		report.round(KEYCLOAK, ComparedScenario.A, new ScenarioResult(scenario("a"), 16, Duration.ofSeconds(10),
				latencies(5_000, 40), 3, 0, 0, Duration.ZERO, Map.of("UnexpectedResponse: 503", 3L)));
		report.tokenLength(OURS, 827).tokenLength(KEYCLOAK, 1_343);
		report.memory(OURS, memory(250, 400), memory(260, 410));
		report.memory(KEYCLOAK, memory(500, 800), null);
		report.note("Measured on a shared machine.");

		assertThat(report.toString()).contains("| errors, all rounds | 0 | 3 | |")
			.contains("| access token, characters | 827 | 1,343 | 0.62× |")
			.contains("| idle RSS, MB | 250 | 500 | 0.50× |")
			.contains("| RSS after the run, MB | 400 | 800 | 0.50× |")
			.contains("The ES256 issuer of mtls-authz is a second process: idle RSS 260 MB, after the run 410 MB")
			.contains("Measured on a shared machine.")
			.contains("- error at keycloak in a (3 times): `UnexpectedResponse: 503`");
	}

	@Test
	void aThirdServerGetsItsOwnColumnAndRatio() {
		ServerUnderTest other = server("other", null);
		ComparisonReport report = new ComparisonReport(List.of(OURS, KEYCLOAK, other), List.of(ComparedScenario.A));
		report.round(OURS, ComparedScenario.A, result(1_000, 10, 20));
		report.round(KEYCLOAK, ComparedScenario.A, result(500, 10, 40));
		report.round(other, ComparedScenario.A, result(250, 10, 80));

		assertThat(report.toString())
			.startsWith("|  | mtls-authz | keycloak | other | mtls-authz / keycloak | mtls-authz / other |")
			.contains("| (a) keep-alive, tokens/s | 1,000 | 500 | 250 | 2.00× | 4.00× |");
	}

	private static ServerUnderTest server(String name, URI es256Issuer) {
		return new ServerUnderTest(name, URI.create("https://localhost:28443"), es256Issuer,
				new ClientCredentials("client", ClientCredentials.CLIENT_SECRET_BASIC, "secret"), "api.read", null,
				null);
	}

	/**
	 * {@code perSecond} successful requests for {@code seconds}, all with
	 * {@code p99Millis}.
	 */
	private static ScenarioResult result(long perSecond, int seconds, long p99Millis) {
		return new ScenarioResult(scenario("a"), 16, Duration.ofSeconds(seconds),
				latencies(perSecond * seconds, p99Millis), 0, 0, 0, Duration.ZERO, Map.of());
	}

	private static Histogram latencies(long count, long millis) {
		Histogram histogram = new Histogram(120_000_000L, 3);
		histogram.recordValueWithCount(millis * 1000, count);
		return histogram;
	}

	private static ComparisonReport.Memory memory(long idle, long after) {
		return new ComparisonReport.Memory(OptionalLong.of(idle), OptionalLong.of(after));
	}

	private static Scenario scenario(String id) {
		return new Scenario() {

			@Override
			public String id() {
				return id;
			}

			@Override
			public String title() {
				return id;
			}

			@Override
			public boolean issuesTokens() {
				return true;
			}

			@Override
			public HandshakeCounter handshakes() {
				return new HandshakeCounter();
			}

			@Override
			public VirtualClient open(int index) {
				throw new UnsupportedOperationException();
			}

		};
	}

}
