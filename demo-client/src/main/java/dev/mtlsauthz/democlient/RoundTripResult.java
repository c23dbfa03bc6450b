package dev.mtlsauthz.democlient;

import java.util.List;
import java.util.Optional;

/**
 * Every step that ran, in order. A step that could not run because one it depends on
 * failed is absent; the failed one is present, so "no failure" really means "everything
 * ran and behaved".
 */
public record RoundTripResult(List<StepResult> steps) {

	public RoundTripResult {
		steps = List.copyOf(steps);
	}

	public boolean passed() {
		return !steps.isEmpty() && steps.stream().allMatch(StepResult::passed);
	}

	public Optional<StepResult> firstFailure() {
		return steps.stream().filter(step -> !step.passed()).findFirst();
	}

	/**
	 * 0 when every step behaved as expected, else the number of the step that
	 * failed first (1 to 7).
	 */
	public int exitStatus() {
		return firstFailure().map(StepResult::stepNumber).orElse(steps.isEmpty() ? 1 : 0);
	}
}
