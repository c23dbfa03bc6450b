package dev.mtlsauthz.democlient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The stages of the repository's multi-stage Dockerfile and their instructions
 * (continuation lines joined), enough to ask what a stage inherits:
 * {@code instruction("auth-server", "WORKDIR")} looks in the stage, then in the stage it
 * is built {@code FROM}.
 */
record Dockerfile(Map<String, Stage> stages) {

	record Stage(String name, String from, List<String> instructions) {
	}

	static Dockerfile read(Path file) {
		try {
			String text = Files.readString(file).replaceAll("\\\\\\r?\\n\\s*", " ");
			Map<String, Stage> stages = new LinkedHashMap<>();
			Stage current = null;
			for (String line : text.split("\\r?\\n")) {
				String instruction = line.strip();
				if (instruction.isEmpty() || instruction.startsWith("#")) {
					continue;
				}
				String[] words = instruction.split("\\s+");
				if (words[0].equalsIgnoreCase("FROM")) {
					String name = words.length >= 4 && words[2].equalsIgnoreCase("AS") ? words[3] : words[1];
					current = new Stage(name, words[1], new ArrayList<>());
					stages.put(name, current);
				}
				else if (current != null) {
					current.instructions().add(instruction);
				}
			}
			return new Dockerfile(stages);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Stage stage(String name) {
		Stage stage = stages.get(name);
		if (stage == null) {
			throw new IllegalArgumentException("the Dockerfile has no stage " + name + "; it has " + stages.keySet());
		}
		return stage;
	}

	/**
	 * The arguments of the last {@code keyword} instruction that applies to the stage,
	 * own or inherited.
	 */
	Optional<String> instruction(String stageName, String keyword) {
		for (Stage stage = stages.get(stageName); stage != null; stage = stages.get(stage.from())) {
			List<String> matching = stage.instructions()
				.stream()
				.filter(instruction -> instruction.toUpperCase(Locale.ROOT).startsWith(keyword + " "))
				.toList();
			if (!matching.isEmpty()) {
				return Optional.of(matching.get(matching.size() - 1).substring(keyword.length()).strip());
			}
		}
		return Optional.empty();
	}

	/**
	 * The image the stage ultimately starts from, following stages built on other stages.
	 */
	String baseImage(String stageName) {
		Stage stage = stage(stageName);
		while (stages.containsKey(stage.from())) {
			stage = stages.get(stage.from());
		}
		return stage.from();
	}
}
