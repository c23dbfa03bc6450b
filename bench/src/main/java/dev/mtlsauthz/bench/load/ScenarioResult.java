package dev.mtlsauthz.bench.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What one scenario measured. Rounds of the same scenario merge: counts and times add up
 * and the latency histograms are merged exactly, so percentiles are over every request of
 * every round.
 *
 * @param scenario the scenario
 * @param concurrency the number of virtual clients
 * @param measured the measured time (warm-up excluded)
 * @param latencyMicros the latency of every successful request completed in the measured
 * time, in microseconds
 * @param errors failed requests completed in the measured time
 * @param warmUpErrors failed requests during the warm-up
 * @param handshakes full TLS handshakes with a certificate in the measured time
 * @param generatorCpu CPU time the load generator's process used in the measured time
 * @param errorSamples the first distinct error messages, with how often each occurred
 */
public record ScenarioResult(Scenario scenario, int concurrency, Duration measured, Histogram latencyMicros,
		long errors, long warmUpErrors, long handshakes, Duration generatorCpu, Map<String, Long> errorSamples) {

	public long successes() {
		return latencyMicros.getTotalCount();
	}

	public double throughput() {
		return successes() / seconds(measured);
	}

	public double percentileMillis(double percentile) {
		return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
	}

	public double maxMillis() {
		return latencyMicros.getMaxValue() / 1000.0;
	}

	/**
	 * Full handshakes per request: 1 when every request made a new connection, near 0 on
	 * keep-alive.
	 */
	public double handshakesPerRequest() {
		long requests = successes() + errors;
		return requests == 0 ? 0 : (double) handshakes / requests;
	}

	/**
	 * The share of all cores that the load generator itself used, which the servers did
	 * not have.
	 */
	public double generatorCpuShare() {
		return seconds(generatorCpu) / seconds(measured) / Runtime.getRuntime().availableProcessors();
	}

	public ScenarioResult merge(ScenarioResult round) {
		Histogram latency = latencyMicros.copy();
		latency.add(round.latencyMicros);
		Map<String, Long> samples = new LinkedHashMap<>(errorSamples);
		round.errorSamples.forEach((message, count) -> samples.merge(message, count, Long::sum));
		return new ScenarioResult(scenario, concurrency, measured.plus(round.measured), latency, errors + round.errors,
				warmUpErrors + round.warmUpErrors, handshakes + round.handshakes, generatorCpu.plus(round.generatorCpu),
				samples);
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1e9;
	}
}
