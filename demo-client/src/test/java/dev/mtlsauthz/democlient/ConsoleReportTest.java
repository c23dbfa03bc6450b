package dev.mtlsauthz.democlient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleReportTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	@Test
	void summariesAndFactValuesShareOneColumn() {
		List<String> lines = print(Terminal.plain(), new StepResult("4a", "cnf in the access token (JWT)", true,
				"cnf.x5t#S256 equals our certificate's thumbprint", Map.of("cnf.x5t#S256", "abc")));

		String step = lines.stream().filter(line -> line.contains("4a")).findFirst().orElseThrow();
		String fact = lines.stream().filter(line -> line.contains("abc")).findFirst().orElseThrow();
		assertThat(step).contains("✔");
		assertThat(step.indexOf("cnf.x5t#S256 equals")).isEqualTo(fact.indexOf("abc"));
	}

	@Test
	void colourOnlyWhenTheTerminalHasIt() {
		StepResult failed = new StepResult("5b", "API with another fresh certificate", false, "got 200", Map.of());

		assertThat(String.join("\n", print(Terminal.plain(), failed))).doesNotContain("\u001b[").contains("✘");
		out.reset();
		assertThat(String.join("\n", print(new Terminal(StandardCharsets.UTF_8, true, true), failed)))
			.contains("\u001b[31m✘\u001b[0m");
	}

	@Test
	void asciiMarksWhenTheEncodingLacksCheckAndCross() {
		Terminal ascii = new Terminal(StandardCharsets.US_ASCII, false, false);

		List<String> lines = print(ascii, new StepResult("1", "Discovery", true, "ok", Map.of("token_endpoint", "x")));

		assertThat(String.join("\n", lines)).contains(" OK  ok").doesNotContain("✔", "·");
	}

	private List<String> print(Terminal terminal, StepResult step) {
		ConsoleReport report = new ConsoleReport(new PrintStream(out, true, StandardCharsets.UTF_8), terminal);
		report.start(DemoOptions.defaults());
		report.step(step);
		report.finish(new RoundTripResult(List.of(step)));
		return out.toString(StandardCharsets.UTF_8).lines().toList();
	}

}
