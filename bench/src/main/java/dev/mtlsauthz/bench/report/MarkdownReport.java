package dev.mtlsauthz.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.mtlsauthz.bench.ceiling.HandshakeCost;
import dev.mtlsauthz.bench.ceiling.SigningCeiling;
import dev.mtlsauthz.bench.load.ScenarioResult;
import dev.mtlsauthz.bench.scenarios.Soak;

/**
 * The results as Markdown tables, as {@code bench.sh} writes them to
 * {@code bench/results/latest.md}.
 */
public final class MarkdownReport {

	private Optional<ScenarioResult> lastOn = Optional.empty();

	private final StringBuilder text = new StringBuilder();

	/**
	 * The signing ceilings, RS256 first, with the CPU time of one signature: signatures
	 * per second move with whatever else runs on the machine, the CPU time much less.
	 */
	public MarkdownReport ceilings(List<SigningCeiling.Result> ceilings, int payloadBytes) {
		int cores = Runtime.getRuntime().availableProcessors();
		text.append(format("**Signing ceilings**, measured in this run before the scenarios (Nimbus signers as the "
				+ "server's `KeySetJwtEncoder` uses them, a %d-byte JWT payload; RS256 with RSA 2048, ES256 on P-256, "
				+ "EdDSA with Ed25519). The last column is what %d idle cores would sign at that CPU cost.%n%n",
				payloadBytes, cores));
		text.append("| Algorithm | Signatures/s | Threads | CPU µs per signature | On idle cores, signatures/s |\n");
		text.append("|---|---:|---:|---:|---:|\n");
		for (SigningCeiling.Result ceiling : ceilings) {
			text.append(
					format("| %s | %,.0f | %d | %,.0f | %,.0f |%n", ceiling.algorithm(), ceiling.signaturesPerSecond(),
							ceiling.threads(), ceiling.cpuMicrosPerSignature(), ceiling.perSecondOnIdleCores(cores)));
		}
		text.append('\n');
		return this;
	}

	public MarkdownReport scenarios(List<ScenarioResult> results, double ceiling) {
		if (results.isEmpty()) {
			return this;
		}
		text.append("| Scenario | What is measured | Clients | Requests/s | Share of RS256 ceiling | p50 ms | p90 ms "
				+ "| p99 ms | max ms | Errors | Full handshakes per request | Load generator CPU |\n");
		text.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (ScenarioResult result : results) {
			text.append(format("| %s | %s | %d | %,.0f | %s | %.1f | %.1f | %.1f | %.1f | %d%s | %.2f | %.0f%% |%n",
					result.scenario().id(), result.scenario().title(), result.concurrency(), result.throughput(),
					result.scenario().issuesTokens() ? format("%.0f%%", 100 * result.throughput() / ceiling) : "",
					result.percentileMillis(50), result.percentileMillis(90), result.percentileMillis(99),
					result.maxMillis(), result.errors(),
					result.warmUpErrors() > 0 ? " (+" + result.warmUpErrors() + " in warm-up)" : "",
					result.handshakesPerRequest(), 100 * result.generatorCpuShare()));
		}
		text.append('\n');
		bindingCost(results);
		errorSamples(results);
		return this;
	}

	/**
	 * The check in isolation, set against the CPU time the machine has per request at
	 * scenario (e-on)'s throughput: all cores' time divided by the requests served (an
	 * upper bound of the server's share of it).
	 */
	public MarkdownReport bindingCheck(double microsPerCheck, int cores) {
		text.append(format("**Binding check in isolation:** %.2f µs per request on one thread (read cnf.x5t#S256, "
				+ "SHA-256 of the presented certificate, constant-time comparison).", microsPerCheck));
		lastOn.ifPresent(on -> text.append(format(
				" At scenario e-on's %,.0f requests/s on %d cores the machine "
						+ "spends at most %.0f µs of CPU per request, so the check is %.2f%% of it.",
				on.throughput(), cores, cores * 1_000_000 / on.throughput(),
				100 * microsPerCheck * on.throughput() / (cores * 1_000_000.0))));
		text.append("\n\n");
		return this;
	}

	/** A TLS 1.3 handshake's cost to the server, by server key, full and resumed. */
	public MarkdownReport handshakes(List<HandshakeCost.Result> handshakes) {
		text.append("**TLS 1.3 handshakes in isolation** (JSSE on both sides over the loopback, the client presenting "
				+ "an RSA 2048 certificate; the server thread's CPU time per connection):\n\n");
		text.append("| Server key | Full handshake, µs | Resumed (session ticket), µs |\n|---|---:|---:|\n");
		for (HandshakeCost.Result full : handshakes) {
			if (full.resumed()) {
				continue;
			}
			handshakes.stream()
				.filter(resumed -> resumed.resumed() && resumed.serverKey() == full.serverKey())
				.findFirst()
				.ifPresent(resumed -> text.append(format("| %s | %,.0f | %,.0f |%n", full.serverKey(),
						full.cpuMicrosPerConnection(), resumed.cpuMicrosPerConnection())));
		}
		text.append('\n');
		return this;
	}

	public MarkdownReport soak(List<Soak.Segment> segments) {
		if (segments.isEmpty()) {
			return this;
		}
		text.append("**Soak run** (scenario a's requests, tokens that expire soon, consecutive segments):\n\n");
		text.append("| Segment | Tokens issued so far | Tokens/s | p50 ms | p99 ms | Errors |\n");
		text.append("|---:|---:|---:|---:|---:|---:|\n");
		for (Soak.Segment segment : segments) {
			ScenarioResult result = segment.result();
			text.append(format("| %d | %,d | %,.0f | %.1f | %.1f | %d |%n", segment.number(), segment.issuedSoFar(),
					result.throughput(), result.percentileMillis(50), result.percentileMillis(99), result.errors()));
		}
		ScenarioResult first = segments.get(0).result();
		ScenarioResult last = segments.get(segments.size() - 1).result();
		text.append(format("%nLast segment against the first: %+.1f%% throughput after %,d tokens.%n%n",
				100 * (last.throughput() / first.throughput() - 1), segments.get(segments.size() - 1).issuedSoFar()));
		errorSamples(segments.stream().map(Soak.Segment::result).toList());
		return this;
	}

	@Override
	public String toString() {
		return text.toString();
	}

	private void bindingCost(List<ScenarioResult> results) {
		Optional<ScenarioResult> on = find(results, "e-on");
		lastOn = on;
		Optional<ScenarioResult> off = find(results, "e-off");
		if (on.isPresent() && off.isPresent()) {
			text.append(format(
					"**Cost of the binding check (e):** %.1f%% of the resource API's throughput "
							+ "(%,.0f requests/s with it, %,.0f without); p99 %.1f ms against %.1f ms.%n%n",
					100 * (1 - on.get().throughput() / off.get().throughput()), on.get().throughput(),
					off.get().throughput(), on.get().percentileMillis(99), off.get().percentileMillis(99)));
		}
	}

	private void errorSamples(List<ScenarioResult> results) {
		for (ScenarioResult result : results) {
			for (Map.Entry<String, Long> sample : result.errorSamples().entrySet()) {
				text.append(format("- error in %s (%d times): `%s`%n", result.scenario().id(), sample.getValue(),
						sample.getKey().replace('`', '\'')));
			}
		}
	}

	private static Optional<ScenarioResult> find(List<ScenarioResult> results, String id) {
		return results.stream().filter(result -> result.scenario().id().equals(id)).findFirst();
	}

	private static String format(String format, Object... arguments) {
		return String.format(Locale.ROOT, format, arguments);
	}

}
