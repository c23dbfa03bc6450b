package dev.mtlsauthz.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import dev.mtlsauthz.bench.ceiling.BindingCheckCost;
import dev.mtlsauthz.bench.ceiling.HandshakeCost;
import dev.mtlsauthz.bench.ceiling.SigningCeiling;
import dev.mtlsauthz.bench.compare.CompareOptions;
import dev.mtlsauthz.bench.compare.Comparison;
import dev.mtlsauthz.bench.http.KeepAliveTransport;
import dev.mtlsauthz.bench.load.LoadGenerator;
import dev.mtlsauthz.bench.load.ScenarioResult;
import dev.mtlsauthz.bench.report.MarkdownReport;
import dev.mtlsauthz.bench.scenarios.Scenarios;
import dev.mtlsauthz.bench.scenarios.Soak;
import dev.mtlsauthz.bench.tls.ClientTls;
import dev.mtlsauthz.bench.tls.TrustAnchors;
import dev.mtlsauthz.discovery.AuthorizationServerMetadata;

/**
 * The benchmark: reads the issuer's metadata, measures the signing ceilings, runs the
 * scenarios one after the other, and prints (and writes) the results as Markdown.
 * {@code compare} runs token issuance against several servers side by side
 * ({@link Comparison}).
 */
public final class Bench {

	private static final Duration CEILING_WARM_UP = Duration.ofSeconds(3);

	private static final Duration CEILING_DURATION = Duration.ofSeconds(10);

	private static final Duration HANDSHAKE_WARM_UP = Duration.ofSeconds(2);

	private static final Duration HANDSHAKE_DURATION = Duration.ofSeconds(5);

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		BenchOptions.Arguments standard = new BenchOptions.Arguments();
		CompareOptions.Arguments comparison = new CompareOptions.Arguments();
		CommandLine commandLine = BenchOptions.commandLine(standard);
		commandLine.addSubcommand("compare", BenchOptions.commandLine(comparison));
		ParseResult parsed;
		try {
			parsed = commandLine.parseArgs(args);
			if (parsed.isUsageHelpRequested()) {
				System.out.print(BenchOptions.usage(commandLine));
				return;
			}
			if (parsed.subcommand() != null) {
				if (parsed.subcommand().isUsageHelpRequested()) {
					System.out.print(BenchOptions.usage(parsed.subcommand().commandSpec().commandLine()));
					return;
				}
				System.out.print(new Comparison(comparison.toOptions()).run());
				return;
			}
			System.out.print(run(standard.toOptions()));
		}
		catch (ParameterException ex) {
			System.err.println(ex.getMessage());
			System.err.print(BenchOptions.usage(ex.getCommandLine()));
			System.exit(2);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
		}
	}

	static String run(BenchOptions options) throws Exception {
		TrustAnchors trust = TrustAnchors.fromPem(options.trustStore());
		AuthorizationServerMetadata metadata = AuthorizationServerMetadata.discover(options.issuer(),
				new KeepAliveTransport(ClientTls.anonymous(trust))::getJsonObject);
		log("issuer %s: token endpoint %s, introspection endpoint %s%s", metadata.issuer(),
				metadata.mtlsEndpoint(Scenarios.TOKEN_ENDPOINT).orElse(null),
				metadata.mtlsEndpoint(Scenarios.INTROSPECTION_ENDPOINT).orElse(null),
				metadata.mtlsEndpointAliases().isEmpty()
						? " (no mtls_endpoint_aliases: the main endpoints may not ask for certificates)"
						: " (mtls_endpoint_aliases)");
		Scenarios scenarios = new Scenarios(options, metadata, trust);
		options.scenarios().forEach(scenarios::get);

		List<SigningCeiling.Result> ceilings = SigningCeiling.measureEach(options.ceilingThreads(), CEILING_WARM_UP,
				CEILING_DURATION);
		ceilings.forEach(ceiling -> log("%s ceiling: %,.0f signatures/s on %d threads, %.0f µs of CPU per signature",
				ceiling.algorithm(), ceiling.signaturesPerSecond(), ceiling.threads(),
				ceiling.cpuMicrosPerSignature()));
		double signatures = ceilings.get(0).signaturesPerSecond();

		double microsPerCheck = new BindingCheckCost(CEILING_WARM_UP, CEILING_DURATION).microsPerCheck();
		log("binding check in isolation: %.2f µs per request on one thread", microsPerCheck);

		List<HandshakeCost.Result> handshakes = new HandshakeCost(HANDSHAKE_WARM_UP, HANDSHAKE_DURATION).measure();
		handshakes.forEach(handshake -> log("TLS 1.3 handshake, %s server key%s: %.0f µs of the server's CPU",
				handshake.serverKey(), handshake.resumed() ? ", resumed" : "", handshake.cpuMicrosPerConnection()));

		warmUpServers(options, scenarios);
		Map<String, ScenarioResult> results = new LinkedHashMap<>();
		LoadGenerator generator = new LoadGenerator(options.concurrency(), options.warmUp(), options.duration());
		for (String id : options.scenarios()) {
			if (id.equals("soak")) {
				continue;
			}
			ScenarioResult result = generator.run(scenarios.get(id));
			log("%-5s %,8.0f requests/s  p50 %6.1f ms  p99 %6.1f ms  errors %d  handshakes/request %.2f", id,
					result.throughput(), result.percentileMillis(50), result.percentileMillis(99), result.errors(),
					result.handshakesPerRequest());
			results.merge(id, result, ScenarioResult::merge);
			// The JDK 17 HttpClient has no close(): its selector thread ends once the
			// client is collected.
			System.gc();
		}
		List<Soak.Segment> segments = new ArrayList<>();
		if (options.scenarios().contains("soak")) {
			segments = new Soak(scenarios.soak(), options.concurrency(), options.warmUp(), options.soakSegment()).run(
					options.soakTokens(),
					segment -> log("soak segment %d: %,d tokens issued, %,.0f tokens/s, " + "p99 %.1f ms, errors %d",
							segment.number(), segment.issuedSoFar(), segment.result().throughput(),
							segment.result().percentileMillis(99), segment.result().errors()));
		}
		String report = new MarkdownReport().ceilings(ceilings, SigningCeiling.payloadBytes())
			.scenarios(new ArrayList<>(results.values()), signatures)
			.bindingCheck(microsPerCheck, Runtime.getRuntime().availableProcessors())
			.handshakes(handshakes)
			.soak(segments)
			.toString();
		if (options.output() != null) {
			write(options, report);
		}
		return report;
	}

	/**
	 * Runs each scenario unmeasured, so that the servers' code is compiled before the
	 * first one is measured.
	 */
	private static void warmUpServers(BenchOptions options, Scenarios scenarios) throws Exception {
		List<String> ids = options.scenarios().stream().filter(id -> !id.equals("soak")).distinct().toList();
		if (options.serverWarmUp().isZero() || ids.isEmpty()) {
			return;
		}
		Duration each = options.serverWarmUp().dividedBy(ids.size());
		log("warming the servers up for %s", options.serverWarmUp());
		for (String id : ids) {
			new LoadGenerator(options.concurrency(), each, Duration.ZERO).run(scenarios.get(id));
		}
		System.gc();
	}

	private static void write(BenchOptions options, String report) throws IOException {
		if (options.output().toAbsolutePath().getParent() != null) {
			Files.createDirectories(options.output().toAbsolutePath().getParent());
		}
		Files.writeString(options.output(), report);
	}

	private static void log(String format, Object... arguments) {
		System.err.println(String.format(Locale.ROOT, format, arguments));
	}

}
