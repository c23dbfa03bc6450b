package dev.mtlsauthz.democlient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * A docker compose file as the tests read it: its services, each one's environment,
 * published ports, volume mounts and start conditions. YAML anchors and merge keys are
 * resolved as compose resolves them.
 */
record ComposeFile(Map<String, Map<String, Object>> services) {

	@SuppressWarnings("unchecked")
	static ComposeFile read(Path file) throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(file));
		return new ComposeFile((Map<String, Map<String, Object>>) compose.get("services"));
	}

	Map<String, Object> service(String name) {
		Map<String, Object> service = services.get(name);
		if (service == null) {
			throw new AssertionError("No service " + name);
		}
		return service;
	}

	/** The service's environment, whether written as a map or as a list of NAME=value. */
	Map<String, String> environment(String service) {
		Map<String, String> environment = new LinkedHashMap<>();
		Object declared = service(service).get("environment");
		if (declared instanceof Map<?, ?> map) {
			map.forEach((name, value) -> environment.put(String.valueOf(name), String.valueOf(value)));
		}
		else if (declared instanceof List<?> list) {
			for (Object entry : list) {
				String[] pair = String.valueOf(entry).split("=", 2);
				environment.put(pair[0], pair.length > 1 ? pair[1] : "");
			}
		}
		return environment;
	}

	/** Host port to container port. */
	Map<Integer, Integer> publishedPorts(String service) {
		Map<Integer, Integer> ports = new LinkedHashMap<>();
		Object declared = service(service).get("ports");
		if (declared instanceof List<?> list) {
			for (Object port : list) {
				String[] parts = String.valueOf(port).split(":");
				ports.put(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
			}
		}
		return ports;
	}

	/**
	 * Where the volume (a named volume or a host path) is mounted in the service's
	 * container.
	 */
	Path mount(String service, String volume) {
		for (Object entry : (List<?>) service(service).get("volumes")) {
			String[] parts = String.valueOf(entry).split(":");
			if (parts[0].equals(volume)) {
				return Path.of(parts[1]);
			}
		}
		throw new AssertionError(service + " does not mount " + volume);
	}

	/** The mount's options ({@code ro}), empty when none. */
	String mountOptions(String service, String volume) {
		for (Object entry : (List<?>) service(service).get("volumes")) {
			String[] parts = String.valueOf(entry).split(":");
			if (parts[0].equals(volume)) {
				return parts.length > 2 ? parts[2] : "";
			}
		}
		throw new AssertionError(service + " does not mount " + volume);
	}

	/** Each service this one waits for, with the condition. */
	Map<String, String> dependsOn(String service) {
		Map<String, String> conditions = new LinkedHashMap<>();
		((Map<?, ?>) service(service).get("depends_on")).forEach((name, condition) -> conditions
			.put(String.valueOf(name), String.valueOf(((Map<?, ?>) condition).get("condition"))));
		return conditions;
	}

	String healthCheck(String service) {
		@SuppressWarnings("unchecked")
		Map<String, Object> healthcheck = (Map<String, Object>) service(service).get("healthcheck");
		return String.join(" ", ((List<?>) healthcheck.get("test")).stream().map(String::valueOf).toList());
	}

	String buildTarget(String service) {
		return String.valueOf(((Map<?, ?>) service(service).get("build")).get("target"));
	}

}
