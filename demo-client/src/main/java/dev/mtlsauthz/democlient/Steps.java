package dev.mtlsauthz.democlient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLException;

/**
 * Runs the steps one at a time, records each result and hands it to the {@link Report} as
 * soon as it is known, so a person watching sees progress rather than one block of output
 * at the end.
 */
final class Steps {

	/**
	 * The body of a step: returns what it found or throws a {@link StepFailure} (or any
	 * exception).
	 */
	@FunctionalInterface
	interface Check<T> {

		Outcome<T> perform() throws Exception;

	}

	private final Report report;

	private final List<StepResult> results = new ArrayList<>();

	Steps(Report report) {
		this.report = report;
	}

	/**
	 * Runs a step the following steps depend on.
	 * @throws StepFailure when it did not behave as expected (already recorded and
	 * reported)
	 */
	<T> T run(String id, String title, Check<T> check) {
		try {
			Outcome<T> outcome = check.perform();
			record(new StepResult(id, title, true, outcome.summary(), outcome.details()));
			return outcome.value();
		}
		catch (StepFailure ex) {
			record(new StepResult(id, title, false, ex.getMessage(), ex.details()));
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failed(id, title, "interrupted");
		}
		catch (Exception ex) {
			throw failed(id, title, describe(ex));
		}
	}

	/**
	 * Runs a step no other step depends on: a failure is recorded and the round trip goes
	 * on.
	 */
	<T> void attempt(String id, String title, Check<T> check) {
		try {
			run(id, title, check);
		}
		catch (StepFailure ex) {
			// Recorded; the following steps show what else does or does not work.
		}
	}

	List<StepResult> results() {
		return List.copyOf(results);
	}

	private StepFailure failed(String id, String title, String message) {
		record(new StepResult(id, title, false, message, Map.of()));
		return new StepFailure(message);
	}

	private void record(StepResult result) {
		results.add(result);
		report.step(result);
	}

	/**
	 * Says what went wrong in the words of the layer that failed, since the JDK's
	 * messages are often empty.
	 */
	static String describe(Exception ex) {
		if (ex instanceof ConnectException) {
			return "cannot connect" + suffix(ex) + " (is the server running? ./demo.sh up starts both)";
		}
		if (ex instanceof HttpTimeoutException) {
			return "no answer in time" + suffix(ex);
		}
		if (ex instanceof SSLException) {
			return "TLS handshake failed" + suffix(ex);
		}
		if (ex instanceof IOException && ex.getCause() instanceof SSLException cause) {
			return "TLS handshake failed" + suffix(cause);
		}
		return ex.getClass().getSimpleName() + suffix(ex);
	}

	private static String suffix(Throwable ex) {
		return ex.getMessage() == null || ex.getMessage().isBlank() ? "" : ": " + ex.getMessage();
	}

}
