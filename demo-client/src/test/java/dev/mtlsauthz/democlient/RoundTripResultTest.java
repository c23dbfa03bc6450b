package dev.mtlsauthz.democlient;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoundTripResultTest {

	@Test
	void exitStatusIsZeroOnlyWhenEveryStepPassed() {
		assertThat(new RoundTripResult(List.of(step("1", true), step("2", true))).exitStatus()).isZero();
		assertThat(new RoundTripResult(List.of()).exitStatus()).isEqualTo(1);
	}

	@Test
	void exitStatusIsTheNumberOfTheFirstFailingStep() {
		RoundTripResult result = new RoundTripResult(List.of(step("1", true), step("6a.4b", false), step("5c", false)));

		assertThat(result.passed()).isFalse();
		assertThat(result.firstFailure()).hasValueSatisfying(step -> assertThat(step.id()).isEqualTo("6a.4b"));
		assertThat(result.exitStatus()).isEqualTo(6);
	}

	private static StepResult step(String id, boolean passed) {
		return new StepResult(id, "title", passed, "summary", Map.of());
	}

}
