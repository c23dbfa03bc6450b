package dev.mtlsauthz.bench.load;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;

/**
 * Runs a scenario's virtual clients, each on its own thread in a closed loop (the next
 * request leaves when the previous answer is in), first for the warm-up and then for the
 * measured time. A request belongs to the phase in which it completes. Closed-loop
 * latencies understate what an open stream of arrivals would see once the server
 * saturates (coordinated omission); the throughput is the server's capacity at this
 * concurrency.
 */
public final class LoadGenerator {

	private static final long HIGHEST_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(2);

	private static final int ERROR_SAMPLES = 5;

	private final int concurrency;

	private final Duration warmUp;

	private final Duration duration;

	public LoadGenerator(int concurrency, Duration warmUp, Duration duration) {
		this.concurrency = concurrency;
		this.warmUp = warmUp;
		this.duration = duration;
	}

	public ScenarioResult run(Scenario scenario) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(concurrency, named(scenario.id()));
		try {
			List<VirtualClient> clients = open(scenario, threads);
			long start = System.nanoTime();
			long measureFrom = start + warmUp.toNanos();
			long measureUntil = measureFrom + duration.toNanos();
			Map<String, Long> errorSamples = new LinkedHashMap<>();
			List<Future<Tally>> tallies = new ArrayList<>();
			for (VirtualClient client : clients) {
				tallies.add(threads.submit(() -> loop(client, measureFrom, measureUntil, errorSamples)));
			}
			sleepUntil(measureFrom);
			long cpuFrom = processCpuNanos();
			long handshakesFrom = scenario.handshakes().count();
			sleepUntil(measureUntil);
			long cpuUntil = processCpuNanos();
			long handshakesUntil = scenario.handshakes().count();
			Histogram latency = new Histogram(HIGHEST_LATENCY_MICROS, 3);
			long errors = 0;
			long warmUpErrors = 0;
			for (Future<Tally> future : tallies) {
				Tally tally = future.get();
				latency.add(tally.latency);
				errors += tally.errors;
				warmUpErrors += tally.warmUpErrors;
			}
			synchronized (errorSamples) {
				return new ScenarioResult(scenario, concurrency, duration, latency, errors, warmUpErrors,
						handshakesUntil - handshakesFrom, Duration.ofNanos(cpuUntil - cpuFrom),
						Map.copyOf(errorSamples));
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private List<VirtualClient> open(Scenario scenario, ExecutorService threads) throws Exception {
		List<Future<VirtualClient>> opening = new ArrayList<>();
		for (int i = 0; i < concurrency; i++) {
			int index = i;
			opening.add(threads.submit(() -> scenario.open(index)));
		}
		List<VirtualClient> clients = new ArrayList<>();
		for (Future<VirtualClient> future : opening) {
			try {
				clients.add(future.get());
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(
						"Scenario " + scenario.id() + " cannot start: " + ex.getCause().getMessage(), ex.getCause());
			}
		}
		return clients;
	}

	private static Tally loop(VirtualClient client, long measureFrom, long measureUntil,
			Map<String, Long> errorSamples) {
		Tally tally = new Tally();
		while (true) {
			long sent = System.nanoTime();
			if (sent >= measureUntil) {
				return tally;
			}
			Exception failure = null;
			try {
				client.call();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return tally;
			}
			catch (Exception ex) {
				failure = ex;
			}
			long answered = System.nanoTime();
			if (failure != null) {
				sample(errorSamples, failure);
				if (answered < measureFrom) {
					tally.warmUpErrors++;
				}
				else if (answered < measureUntil) {
					tally.errors++;
				}
			}
			else if (answered >= measureFrom && answered < measureUntil) {
				tally.latency.recordValue(Math.min((answered - sent) / 1000, HIGHEST_LATENCY_MICROS));
			}
		}
	}

	private static void sample(Map<String, Long> errorSamples, Exception failure) {
		String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
		synchronized (errorSamples) {
			if (errorSamples.containsKey(message) || errorSamples.size() < ERROR_SAMPLES) {
				errorSamples.merge(message, 1L, Long::sum);
			}
		}
	}

	private static void sleepUntil(long nanoTime) throws InterruptedException {
		long remaining;
		while ((remaining = nanoTime - System.nanoTime()) > 0) {
			TimeUnit.NANOSECONDS.sleep(remaining);
		}
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static java.util.concurrent.ThreadFactory named(String scenario) {
		AtomicInteger next = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, "bench-" + scenario + "-" + next.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private static final class Tally {

		final Histogram latency = new Histogram(HIGHEST_LATENCY_MICROS, 3);

		long errors;

		long warmUpErrors;

	}

}
