package dev.mtlsauthz.bench.compare;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import dev.mtlsauthz.bench.BenchOptions;
import dev.mtlsauthz.bench.ceiling.SigningCeiling;
import dev.mtlsauthz.bench.http.KeepAliveTransport;
import dev.mtlsauthz.bench.load.LoadGenerator;
import dev.mtlsauthz.bench.load.ScenarioResult;
import dev.mtlsauthz.bench.scenarios.Scenarios;
import dev.mtlsauthz.bench.scenarios.TokenIssuance;
import dev.mtlsauthz.bench.tls.ClientTls;
import dev.mtlsauthz.bench.tls.TrustAnchors;
import dev.mtlsauthz.discovery.AuthorizationServerMetadata;

/**
 * Two or more servers side by side: the same scenarios, the same virtual clients and the
 * same certificate, on the same machine at the same time. Each server is first warmed up
 * on each scenario; then every round measures each scenario at each server, the servers
 * in turn and their order reversed from one round to the next, so that a drift of the
 * machine's load falls on all of them.
 */
public final class Comparison {

	private static final Duration CEILING_WARM_UP = Duration.ofSeconds(3);

	private static final Duration CEILING_DURATION = Duration.ofSeconds(10);

	private final CompareOptions options;

	private final TrustAnchors trust;

	private final Map<URI, AuthorizationServerMetadata> metadata = new HashMap<>();

	/**
	 * Per server, the scenarios it runs; a server without an ES256 issuer lacks a-es256.
	 */
	private final Map<ServerUnderTest, Map<ComparedScenario, TokenIssuance>> scenarios = new LinkedHashMap<>();

	public Comparison(CompareOptions options) {
		this.options = options;
		this.trust = TrustAnchors.fromPem(options.load().trustStore());
	}

	/** Runs the comparison and returns the report (also written to --output). */
	public String run() throws Exception {
		for (ServerUnderTest server : options.servers()) {
			scenarios.put(server, scenariosOf(server));
		}
		List<Memory> idle = options.servers().stream().map(Memory::now).toList();
		ComparisonReport report = new ComparisonReport(options.servers(), options.scenarios());
		List<SigningCeiling.Result> ceilings = SigningCeiling.measureEach(options.load().ceilingThreads(),
				CEILING_WARM_UP, CEILING_DURATION);
		ceilings.forEach(ceiling -> log("%s ceiling: %,.0f signatures/s on %d threads", ceiling.algorithm(),
				ceiling.signaturesPerSecond(), ceiling.threads()));
		warmUp();
		LoadGenerator generator = new LoadGenerator(options.load().concurrency(), options.load().warmUp(),
				options.load().duration());
		for (int round = 1; round <= options.rounds(); round++) {
			for (ComparedScenario id : options.scenarios()) {
				for (ServerUnderTest server : inTurn(round)) {
					TokenIssuance scenario = scenarios.get(server).get(id);
					if (scenario == null) {
						continue;
					}
					ScenarioResult result = generator.run(scenario);
					log("round %d  %-8s %-12s %,8.0f tokens/s  p50 %6.1f ms  p99 %6.1f ms  errors %d", round, id.id(),
							server.name(), result.throughput(), result.percentileMillis(50),
							result.percentileMillis(99), result.errors());
					report.round(server, id, result);
					if (id == ComparedScenario.A) {
						report.tokenLength(server, scenario.tokenLength());
					}
					// The JDK 17 HttpClient has no close(): its selector thread ends once
					// the client is collected.
					System.gc();
				}
			}
		}
		for (int i = 0; i < options.servers().size(); i++) {
			ServerUnderTest server = options.servers().get(i);
			Memory after = Memory.now(server);
			report.memory(server, new ComparisonReport.Memory(idle.get(i).main, after.main),
					server.es256Pid() == null || server.es256Pid().equals(server.pid()) ? null
							: new ComparisonReport.Memory(idle.get(i).es256, after.es256));
		}
		report.note(String.format(Locale.ROOT,
				"%d round(s); in each, every scenario ran at every server in turn, the order reversed from round to "
						+ "round; each run %s of warm-up, then %s measured, %d virtual clients on %s. Before the "
						+ "rounds each server ran each of its scenarios unmeasured for %s (the JIT warm-up). Tokens/s: every "
						+ "round's requests together, and the range of the rounds in brackets; p99 over every "
						+ "request of every round. Every virtual client's first token from every server was "
						+ "checked to carry its certificate's cnf.x5t#S256 (RFC 8705); a run stops otherwise. Signing "
						+ "ceilings of this machine and JVM on %d threads, signatures/s: %s.%n",
				options.rounds(), options.load().warmUp().toSeconds() + " s",
				options.load().duration().toSeconds() + " s", options.load().concurrency(),
				options.load().clientCertificate(), warmUpEach().toSeconds() + " s", options.load().ceilingThreads(),
				ceilings.stream()
					.map(ceiling -> String.format(Locale.ROOT, "%s %,.0f (%,.0f µs of CPU each)", ceiling.algorithm(),
							ceiling.signaturesPerSecond(), ceiling.cpuMicrosPerSignature()))
					.collect(Collectors.joining(", "))));
		String text = report.toString();
		if (options.load().output() != null) {
			Files.writeString(options.load().output(), text);
		}
		return text;
	}

	private Map<ComparedScenario, TokenIssuance> scenariosOf(ServerUnderTest server) {
		Map<ComparedScenario, TokenIssuance> made = new LinkedHashMap<>();
		for (ComparedScenario id : options.scenarios()) {
			URI issuer = server.issuerOf(id);
			if (issuer == null) {
				log("%s has no ES256 issuer: %s is left out for it", server.name(), id.id());
				continue;
			}
			AuthorizationServerMetadata issuerMetadata = metadata.computeIfAbsent(issuer, this::discover);
			log("%s %s: token endpoint %s%s", server.name(), id.id(),
					issuerMetadata.mtlsEndpoint(Scenarios.TOKEN_ENDPOINT).orElse(null),
					issuerMetadata.mtlsEndpointAliases().isEmpty() ? "" : " (mtls_endpoint_aliases)");
			BenchOptions load = options.at(server, id);
			made.put(id, new Scenarios(load, issuerMetadata, trust).tokenIssuance(id.benchScenario()));
		}
		return made;
	}

	private AuthorizationServerMetadata discover(URI issuer) {
		try {
			return AuthorizationServerMetadata.discover(issuer,
					new KeepAliveTransport(ClientTls.anonymous(trust))::getJsonObject);
		}
		catch (Exception ex) {
			throw new IllegalStateException("No metadata for " + issuer + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Runs each scenario unmeasured at each server, so that the JIT compilers of all of
	 * them have compiled their code before anything is measured.
	 */
	private void warmUp() throws Exception {
		if (options.load().serverWarmUp().isZero()) {
			return;
		}
		for (ComparedScenario id : options.scenarios()) {
			for (ServerUnderTest server : options.servers()) {
				TokenIssuance scenario = scenarios.get(server).get(id);
				if (scenario == null) {
					continue;
				}
				log("warming %s up on %s for %d s", server.name(), id.id(), warmUpEach().toSeconds());
				new LoadGenerator(options.load().concurrency(), warmUpEach(), Duration.ZERO).run(scenario);
				System.gc();
			}
		}
	}

	/** --server-warm-up is per server, divided among the scenarios. */
	private Duration warmUpEach() {
		return options.load().serverWarmUp().dividedBy(options.scenarios().size());
	}

	/** The servers, in reverse order every other round. */
	private List<ServerUnderTest> inTurn(int round) {
		List<ServerUnderTest> servers = new ArrayList<>(options.servers());
		if (round % 2 == 0) {
			Collections.reverse(servers);
		}
		return servers;
	}

	private static void log(String format, Object... arguments) {
		System.err.println(String.format(Locale.ROOT, format, arguments));
	}

	/** The resident memory of a server's process, and of its ES256 process. */
	private record Memory(OptionalLong main, OptionalLong es256) {

		static Memory now(ServerUnderTest server) {
			return new Memory(ResidentMemory.megabytes(server.pid()), ResidentMemory.megabytes(server.es256Pid()));
		}

	}

}
