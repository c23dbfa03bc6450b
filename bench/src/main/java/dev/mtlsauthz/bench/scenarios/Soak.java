package dev.mtlsauthz.bench.scenarios;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.mtlsauthz.bench.load.LoadGenerator;
import dev.mtlsauthz.bench.load.ScenarioResult;

/**
 * The soak run: scenario (a)'s requests, for a client whose tokens expire soon, in
 * back-to-back measured segments until the given number of tokens has been issued.
 * Comparing the first segment's throughput with the last one's shows whether issuance
 * slows down as tokens pile up; on a server that purges expired authorizations, they do
 * not pile up.
 */
public final class Soak {

	private final TokenIssuance issuance;

	private final int concurrency;

	private final Duration warmUp;

	private final Duration segment;

	public Soak(TokenIssuance issuance, int concurrency, Duration warmUp, Duration segment) {
		this.issuance = issuance;
		this.concurrency = concurrency;
		this.warmUp = warmUp;
		this.segment = segment;
	}

	/**
	 * Runs until {@code tokens} have been issued, handing each segment to
	 * {@code progress} as it ends.
	 */
	public List<Segment> run(long tokens, Consumer<Segment> progress) throws Exception {
		List<Segment> segments = new ArrayList<>();
		while (issuance.issued() < tokens) {
			Duration segmentWarmUp = segments.isEmpty() ? warmUp : Duration.ZERO;
			ScenarioResult result = new LoadGenerator(concurrency, segmentWarmUp, segment).run(issuance);
			Segment done = new Segment(segments.size() + 1, issuance.issued(), result);
			segments.add(done);
			progress.accept(done);
		}
		return segments;
	}

	/**
	 * @param number the segment's number, from 1
	 * @param issuedSoFar tokens issued by the soak run when the segment ended, warm-up
	 * included
	 * @param result what the segment measured
	 */
	public record Segment(int number, long issuedSoFar, ScenarioResult result) {
	}

}
