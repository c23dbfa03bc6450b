package dev.mtlsauthz.democlient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * What a Spring Boot application of this repository reads: its {@code application.yml},
 * the properties its configuration processor documented (with their defaults), and
 * environment variables bound the way Spring Boot binds them. Lets a test ask "which
 * value does the server see for {@code authserver.issuer} under these variables?".
 */
record ApplicationConfiguration(Map<String, Object> applicationYml, Map<String, Object> defaults) {

	/**
	 * Reads {@code module}'s application.yml and the metadata its build wrote to
	 * target/classes.
	 */
	static ApplicationConfiguration of(Path module) {
		Path yml = module.resolve("src/main/resources/application.yml");
		Path metadata = module.resolve("target/classes/META-INF/spring-configuration-metadata.json");
		if (!Files.isRegularFile(metadata)) {
			throw new IllegalStateException(metadata + " is missing; build " + module.getFileName()
					+ " first (./mvnw -B verify from the repository root builds it before demo-client)");
		}
		return new ApplicationConfiguration(flatten("", read(yml), new LinkedHashMap<>()), defaults(metadata));
	}

	/**
	 * Every property name the application knows: documented ones and those its
	 * application.yml sets.
	 */
	Set<String> propertyNames() {
		Set<String> names = new TreeSet<>(defaults.keySet());
		names.addAll(applicationYml.keySet());
		return names;
	}

	/**
	 * The variables of {@code environment} that set no property of the application (the
	 * JVM's own {@code JAVA_*} aside): a misspelt name the application would silently
	 * ignore.
	 */
	Set<String> unboundVariables(Map<String, String> environment) {
		Set<String> unbound = new TreeSet<>();
		environment.forEach((name, value) -> {
			// A logger's name in logging.level.* may have capitals, which no property
			// name bound from the environment has.
			boolean bound = name.startsWith("JAVA_") || propertyNames().stream()
				.filter(ConfigurationPropertyName::isValid)
				.anyMatch(property -> bind(property, Map.of(name, value)).filter(value::equals).isPresent());
			if (!bound) {
				unbound.add(name);
			}
		});
		return unbound;
	}

	/**
	 * The value the application sees for {@code name}: environment, then application.yml,
	 * then the default.
	 */
	Optional<String> property(String name, Map<String, String> environment) {
		return bind(name, environment).or(() -> Optional.ofNullable(applicationYml.get(name)).map(String::valueOf))
			.or(() -> Optional.ofNullable(defaults.get(name)).map(String::valueOf));
	}

	/**
	 * The value {@code name} binds to from {@code environment} alone, by Spring Boot's
	 * relaxed binding.
	 */
	static Optional<String> bind(String name, Map<String, String> environment) {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addFirst(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(environment)));
		Iterable<ConfigurationPropertySource> configurationSources = ConfigurationPropertySources.from(sources);
		return new Binder(configurationSources).bind(name, String.class).map(Optional::of).orElse(Optional.empty());
	}

	private static Map<String, Object> read(Path yml) {
		try {
			Object document = new Yaml().load(Files.readString(yml));
			@SuppressWarnings("unchecked")
			Map<String, Object> map = document instanceof Map<?, ?> ? (Map<String, Object>) document : Map.of();
			return map;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, Object> flatten(String prefix, Map<?, ?> yml, Map<String, Object> into) {
		yml.forEach((key, value) -> {
			if (value instanceof Map<?, ?> nested) {
				flatten(prefix + key + ".", nested, into);
			}
			else if (value instanceof List<?> list) {
				for (int i = 0; i < list.size(); i++) {
					into.put(prefix + key + "[" + i + "]", list.get(i));
				}
			}
			else {
				into.put(prefix + key, value);
			}
		});
		return into;
	}

	private static Map<String, Object> defaults(Path metadata) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		for (JsonNode property : JsonMapper.shared().readTree(metadata.toFile()).path("properties")) {
			JsonNode value = property.get("defaultValue");
			defaults.put(property.get("name").asString(),
					value == null ? null : value.isValueNode() ? value.asString() : value.toString());
		}
		return defaults;
	}
}
