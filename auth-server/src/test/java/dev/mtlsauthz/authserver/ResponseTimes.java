package dev.mtlsauthz.authserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Response times of two kinds of request, taken in alternation (so that a busy moment of
 * the machine falls on both alike) and compared as distributions rather than one timing
 * against another: the ratio of their medians and the probability that a request of the
 * first kind takes longer than one of the second (0.5 when neither is slower, near 1 when
 * the first always is).
 */
public final class ResponseTimes {

	private final List<Double> first = new ArrayList<>();

	private final List<Double> second = new ArrayList<>();

	/** Times one request of each kind, in alternating order from one pair to the next. */
	public void pair(Runnable firstKind, Runnable secondKind) {
		if (first.size() % 2 == 0) {
			first.add(millis(firstKind));
			second.add(millis(secondKind));
		}
		else {
			second.add(millis(secondKind));
			first.add(millis(firstKind));
		}
	}

	public double medianRatio() {
		return percentile(first, 50) / percentile(second, 50);
	}

	/** P(first &gt; second) + P(first = second) / 2 over every pair of samples. */
	public double probabilityFirstIsSlower() {
		double wins = 0;
		for (double a : first) {
			for (double b : second) {
				wins += a > b ? 1 : (a == b ? 0.5 : 0);
			}
		}
		return wins / (first.size() * (double) second.size());
	}

	public String summary(String firstKind, String secondKind) {
		return String.format(Locale.ROOT,
				"%d pairs; %s: median %.1f ms (p10 %.1f, p90 %.1f); %s: median %.1f ms (p10 %.1f, p90 %.1f); "
						+ "median ratio %.2f; P(%s slower) %.2f",
				first.size(), firstKind, percentile(first, 50), percentile(first, 10), percentile(first, 90),
				secondKind, percentile(second, 50), percentile(second, 10), percentile(second, 90), medianRatio(),
				firstKind, probabilityFirstIsSlower());
	}

	private static double millis(Runnable request) {
		long started = System.nanoTime();
		request.run();
		return (System.nanoTime() - started) / 1e6;
	}

	private static double percentile(List<Double> samples, int percentile) {
		List<Double> sorted = samples.stream().sorted().toList();
		return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
	}

}
