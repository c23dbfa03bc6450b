package dev.mtlsauthz.democlient;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one JSON document when the round trip ends, for scripts and CI:
 * {@code {"passed": true, "exitStatus": 0, "failedStep": null, "steps": [{"id": "1",
 * "group": ..., ...}]}}.
 */
final class JsonReport implements Report {

	private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final PrintStream out;

	private final Map<String, Object> document = new LinkedHashMap<>();

	private final List<Map<String, Object>> steps = new ArrayList<>();

	private String group;

	JsonReport(PrintStream out) {
		this.out = out;
	}

	@Override
	public void start(DemoOptions options) {
		document.put("issuer", options.issuer().toString());
		document.put("api", options.api().toString());
	}

	@Override
	public void group(String id, String title) {
		group = id;
	}

	@Override
	public void step(StepResult step) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", step.id());
		json.put("group", group);
		json.put("title", step.title());
		json.put("passed", step.passed());
		json.put("summary", step.summary());
		json.put("details", step.details());
		steps.add(json);
	}

	@Override
	public void finish(RoundTripResult result) {
		document.put("passed", result.passed());
		document.put("exitStatus", result.exitStatus());
		document.put("failedStep", result.firstFailure().map(StepResult::id).orElse(null));
		document.put("steps", steps);
		out.println(MAPPER.writeValueAsString(document));
	}

}
