package dev.mtlsauthz.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import dev.mtlsauthz.bench.load.ScenarioResult;

/**
 * The comparison as one Markdown table: a column per server and, for the first server,
 * its ratio to each other one. Rounds of a scenario at a server are merged (every request
 * of every round in one histogram), and the range of the rounds' throughputs is shown
 * beside the merged one, so that the machine's drift can be seen.
 */
public final class ComparisonReport {

	private final List<ServerUnderTest> servers;

	private final List<ComparedScenario> scenarios;

	private final Map<String, Map<ComparedScenario, List<ScenarioResult>>> rounds = new LinkedHashMap<>();

	private final Map<String, Memory> memory = new LinkedHashMap<>();

	private final Map<String, Memory> es256Memory = new LinkedHashMap<>();

	private final Map<String, Integer> tokenLengths = new LinkedHashMap<>();

	private final List<String> notes = new ArrayList<>();

	public ComparisonReport(List<ServerUnderTest> servers, List<ComparedScenario> scenarios) {
		this.servers = servers;
		this.scenarios = scenarios;
		servers.forEach(server -> rounds.put(server.name(), new LinkedHashMap<>()));
	}

	/** One measured round of {@code scenario} at {@code server}. */
	public ComparisonReport round(ServerUnderTest server, ComparedScenario scenario, ScenarioResult round) {
		rounds.get(server.name()).computeIfAbsent(scenario, key -> new ArrayList<>()).add(round);
		return this;
	}

	/**
	 * The resident memory of the process serving the server's issuer, and of the one
	 * serving its ES256 issuer when that is another process.
	 */
	public ComparisonReport memory(ServerUnderTest server, Memory main, Memory es256) {
		memory.put(server.name(), main);
		if (es256 != null) {
			es256Memory.put(server.name(), es256);
		}
		return this;
	}

	/** The length of an access token the server issued in scenario (a), in characters. */
	public ComparisonReport tokenLength(ServerUnderTest server, int characters) {
		tokenLengths.put(server.name(), characters);
		return this;
	}

	/** A sentence printed under the table. */
	public ComparisonReport note(String note) {
		notes.add(note);
		return this;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		text.append("| ");
		servers.forEach(server -> text.append(" | ").append(server.name()));
		others().forEach(other -> text.append(" | ").append(first().name()).append(" / ").append(other.name()));
		text.append(" |\n|---");
		text.append("|---:".repeat(servers.size() + others().size())).append("|\n");
		for (ComparedScenario scenario : scenarios) {
			row(text, scenario.title() + ", tokens/s", scenario, ScenarioResult::throughput, true);
			row(text, scenario.title() + ", p99 ms", scenario, result -> result.percentileMillis(99), false);
		}
		errorsRow(text);
		tokenLengthRow(text);
		memoryRow(text, "idle RSS, MB", memory, Memory::idle);
		memoryRow(text, "RSS after the run, MB", memory, Memory::after);
		text.append('\n');
		es256Memory.forEach((name, es256) -> text.append(format(
				"The ES256 issuer of %s is a second process: idle RSS %s MB, after the run %s MB (the rows above are "
						+ "the first process's).%n",
				name, megabytes(es256.idle()), megabytes(es256.after()))));
		notes.forEach(note -> text.append(note).append('\n'));
		errorSamples(text);
		return text.toString();
	}

	private void row(StringBuilder text, String title, ComparedScenario scenario,
			ToDoubleFunction<ScenarioResult> figure, boolean showRounds) {
		text.append("| ").append(title);
		List<OptionalDouble> values = new ArrayList<>();
		for (ServerUnderTest server : servers) {
			List<ScenarioResult> measured = rounds.get(server.name()).getOrDefault(scenario, List.of());
			if (measured.isEmpty()) {
				values.add(OptionalDouble.empty());
				text.append(" | n/a");
				continue;
			}
			double value = figure.applyAsDouble(measured.stream().reduce(ScenarioResult::merge).orElseThrow());
			values.add(OptionalDouble.of(value));
			text.append(" | ").append(number(value));
			if (showRounds && measured.size() > 1) {
				text.append(format(" (%s–%s)", number(measured.stream().mapToDouble(figure).min().orElseThrow()),
						number(measured.stream().mapToDouble(figure).max().orElseThrow())));
			}
		}
		ratios(text, values);
	}

	private void errorsRow(StringBuilder text) {
		text.append("| errors, all rounds");
		for (ServerUnderTest server : servers) {
			long errors = rounds.get(server.name())
				.values()
				.stream()
				.flatMap(List::stream)
				.mapToLong(ScenarioResult::errors)
				.sum();
			text.append(" | ").append(errors);
		}
		text.append(" |".repeat(others().size())).append(" |\n");
	}

	private void tokenLengthRow(StringBuilder text) {
		text.append("| access token, characters");
		List<OptionalDouble> values = new ArrayList<>();
		for (ServerUnderTest server : servers) {
			Integer length = tokenLengths.get(server.name());
			values.add(length != null ? OptionalDouble.of(length) : OptionalDouble.empty());
			text.append(" | ").append(length != null ? number(length) : "n/a");
		}
		ratios(text, values);
	}

	private void memoryRow(StringBuilder text, String title, Map<String, Memory> of,
			Function<Memory, OptionalLong> figure) {
		text.append("| ").append(title);
		List<OptionalDouble> values = new ArrayList<>();
		for (ServerUnderTest server : servers) {
			OptionalLong megabytes = of.containsKey(server.name()) ? figure.apply(of.get(server.name()))
					: OptionalLong.empty();
			values.add(megabytes.isPresent() ? OptionalDouble.of(megabytes.getAsLong()) : OptionalDouble.empty());
			text.append(" | ").append(megabytes(megabytes));
		}
		ratios(text, values);
	}

	/** The first server's figure over each other server's. */
	private void ratios(StringBuilder text, List<OptionalDouble> values) {
		OptionalDouble first = values.get(0);
		for (int i = 1; i < values.size(); i++) {
			OptionalDouble other = values.get(i);
			text.append(" | ");
			if (first.isPresent() && other.isPresent() && other.getAsDouble() > 0) {
				text.append(format("%.2f×", first.getAsDouble() / other.getAsDouble()));
			}
		}
		text.append(" |\n");
	}

	private void errorSamples(StringBuilder text) {
		rounds.forEach((name,
				byScenario) -> byScenario.forEach((scenario, measured) -> measured.stream()
					.reduce(ScenarioResult::merge)
					.ifPresent(merged -> merged.errorSamples()
						.forEach((message, count) -> text.append(format("- error at %s in %s (%d times): `%s`%n", name,
								scenario.id(), count, message.replace('`', '\'')))))));
	}

	private ServerUnderTest first() {
		return servers.get(0);
	}

	private List<ServerUnderTest> others() {
		return servers.subList(1, servers.size());
	}

	private static String megabytes(OptionalLong megabytes) {
		return megabytes.isPresent() ? number(megabytes.getAsLong()) : "n/a";
	}

	private static String number(double value) {
		return value >= 100 ? format("%,.0f", value) : format("%.1f", value);
	}

	private static String format(String format, Object... arguments) {
		return String.format(Locale.ROOT, format, arguments);
	}

	/**
	 * A process's resident memory when idle, before the load, and after the run.
	 *
	 * @param idle in MB, empty when unknown
	 * @param after in MB, empty when unknown
	 */
	public record Memory(OptionalLong idle, OptionalLong after) {

	}

}
