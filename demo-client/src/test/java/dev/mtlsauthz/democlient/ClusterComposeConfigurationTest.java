package dev.mtlsauthz.democlient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.cluster.yml and its HAProxy configuration, checked statically as
 * {@link ComposeConfigurationTest} checks docker-compose.yml: two authorization server
 * instances configured alike on one PostgreSQL database, behind a load balancer that
 * passes TLS through on the ports the issuer and the mTLS aliases name, checking each
 * instance's readiness, with the resource API and the demo client talking to the load
 * balancer. {@code .ci/run} also has {@code docker-compose config} and {@code haproxy -c}
 * read both files.
 */
class ClusterComposeConfigurationTest {

	private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();

	private static final List<String> INSTANCES = List.of("auth-server-1", "auth-server-2");

	private static final String LOAD_BALANCER = "auth-server";

	private static ComposeFile compose;

	private static ApplicationConfiguration authServer;

	private static ApplicationConfiguration resourceApi;

	private static Dockerfile dockerfile;

	private static HaproxyConfiguration haproxy;

	@BeforeAll
	static void readConfiguration() throws IOException {
		compose = ComposeFile.read(ROOT.resolve("docker-compose.cluster.yml"));
		authServer = ApplicationConfiguration.of(ROOT.resolve("auth-server"));
		resourceApi = ApplicationConfiguration.of(ROOT.resolve("resource-api"));
		dockerfile = Dockerfile.read(ROOT.resolve("Dockerfile"));
		haproxy = HaproxyConfiguration.read(ROOT.resolve("cluster/haproxy.cfg"));
	}

	@Test
	void clusterHasPostgreSqlTwoInstancesALoadBalancerAndTheDemo() {
		assertThat(compose.services()).containsOnlyKeys("certs", "postgres", "auth-server-1", "auth-server-2",
				LOAD_BALANCER, "resource-api", "demo-client");
		assertThat(String.valueOf(compose.service("postgres").get("image"))).startsWith("postgres:");
		assertThat(String.valueOf(compose.service(LOAD_BALANCER).get("image"))).startsWith("haproxy:");
	}

	@Test
	void bothInstancesAreTheSameAuthServerImageWithTheSameConfiguration() {
		assertThat(compose.service("auth-server-1")).isEqualTo(compose.service("auth-server-2"));
		assertThat(compose.buildTarget("auth-server-1")).isEqualTo("auth-server");
		assertThat(dockerfile.stage("auth-server").from()).isEqualTo("runtime");
	}

	@Test
	void instancesShareThePostgreSqlDatabaseOfThePostgresService() {
		Map<String, String> postgres = compose.environment("postgres");
		for (String instance : INSTANCES) {
			String url = property(instance, "spring.datasource.url");
			assertThat(url).isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"));
			assertThat(property(instance, "spring.datasource.username")).isEqualTo(postgres.get("POSTGRES_USER"));
			assertThat(property(instance, "spring.datasource.password")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
			assertThat(compose.dependsOn(instance)).containsEntry("postgres", "service_healthy")
				.containsEntry("certs", "service_completed_successfully");
		}
		assertThat(compose.healthCheck("postgres")).contains("pg_isready", postgres.get("POSTGRES_DB"));
	}

	@Test
	void everyInstanceVariableSetsAPropertyOfTheAuthServer() {
		for (String instance : INSTANCES) {
			assertThat(authServer.unboundVariables(compose.environment(instance))).as(instance).isEmpty();
		}
		assertThat(resourceApi.unboundVariables(compose.environment("resource-api"))).isEmpty();
	}

	@Test
	void instancesReadTheCertificatesOnlyAndLeaveWritingThemToTheCertsService() {
		for (String instance : INSTANCES) {
			assertThat(property(instance, "authserver.dev-certificates.generate-if-missing")).isEqualTo("false");
			assertThat(compose.mountOptions(instance, "certs")).isEqualTo("ro");
			assertThat(compose.mount(instance, "certs")).isEqualTo(compose.mount("certs", "certs"));
		}
	}

	@Test
	void theIssuerAndTheAliasesAreTheLoadBalancerOnThePortsTheInstancesListenOn() {
		URI issuer = URI.create(property("auth-server-1", "authserver.issuer"));
		URI aliases = URI.create(property("auth-server-1", "authserver.mtls.base-url"));
		int port = Integer.parseInt(property("auth-server-1", "server.port"));
		int mtlsPort = Integer.parseInt(property("auth-server-1", "authserver.mtls.port"));

		assertThat(issuer.getHost()).isEqualTo(LOAD_BALANCER);
		assertThat(issuer.getPort()).isEqualTo(port);
		assertThat(aliases.getHost()).isEqualTo(LOAD_BALANCER);
		assertThat(aliases.getPort()).isEqualTo(mtlsPort);
		assertThat(compose.publishedPorts(LOAD_BALANCER)).containsOnly(Map.entry(port, port),
				Map.entry(mtlsPort, mtlsPort));
		for (String instance : INSTANCES) {
			assertThat(compose.publishedPorts(instance)).as(instance + " is reached through the load balancer only")
				.isEmpty();
		}
		assertThat(resourceApi.property("resourceapi.issuer-uri", compose.environment("resource-api")))
			.contains(issuer.toString());
		List<?> demo = (List<?>) compose.service("demo-client").get("command");
		assertThat(demo.get(demo.indexOf("--issuer") + 1)).isEqualTo(issuer.toString());
	}

	@Test
	void loadBalancerPassesTlsThroughToEveryInstanceOnBothPorts() {
		int port = Integer.parseInt(property("auth-server-1", "server.port"));
		int mtlsPort = Integer.parseInt(property("auth-server-1", "authserver.mtls.port"));

		assertThat(haproxy.defaults()).contains("mode tcp");
		assertThat(haproxy.all()).noneMatch(line -> line.startsWith("bind") && line.contains(" ssl"))
			.noneMatch(line -> line.startsWith("mode http"));
		assertThat(haproxy.frontendBinds()).containsOnly(port, mtlsPort);
		assertThat(haproxy.servers(haproxy.backendOf(port)))
			.containsExactlyInAnyOrderElementsOf(INSTANCES.stream().map(instance -> instance + ":" + port).toList());
		assertThat(haproxy.servers(haproxy.backendOf(mtlsPort))).containsExactlyInAnyOrderElementsOf(
				INSTANCES.stream().map(instance -> instance + ":" + mtlsPort).toList());
		assertThat(haproxy.all()).noneMatch(line -> line.startsWith("stick") || line.contains("cookie"));
	}

	@Test
	void loadBalancerTakesAnInstanceOutWhenItsReadinessProbeFailsCheckedOverVerifiedTls() {
		int port = Integer.parseInt(property("auth-server-1", "server.port"));
		String probe = "/actuator/health/readiness";

		assertThat(authServer.applicationYml()).containsEntry("management.endpoint.health.probes.enabled", true);
		// Not ready while the instance cannot reach the database.
		assertThat(authServer.applicationYml()).containsEntry("management.endpoint.health.group.readiness.include",
				"readinessState,db");
		for (String backend : List.of(haproxy.backendOf(port),
				haproxy.backendOf(Integer.parseInt(property("auth-server-1", "authserver.mtls.port"))))) {
			assertThat(haproxy.section("backend " + backend)).contains("option httpchk GET " + probe,
					"http-check expect status 200");
		}
		String checks = String.join(" ", haproxy.defaults());
		assertThat(checks).contains("check port " + port, "check-ssl", "verify required",
				"verifyhost " + LOAD_BALANCER);
		Matcher caFile = Pattern.compile("ca-file (\\S+)").matcher(checks);
		assertThat(caFile.find()).isTrue();
		assertThat(Path.of(caFile.group(1))).isEqualTo(compose.mount(LOAD_BALANCER, "certs").resolve("ca.crt"));
	}

	@Test
	void loadBalancerStartsOnceBothInstancesAreHealthy() {
		assertThat(compose.dependsOn(LOAD_BALANCER)).containsOnly(Map.entry("auth-server-1", "service_healthy"),
				Map.entry("auth-server-2", "service_healthy"));
		assertThat(compose.mount(LOAD_BALANCER, "./cluster/haproxy.cfg"))
			.isEqualTo(Path.of("/usr/local/etc/haproxy/haproxy.cfg"));
	}

	private static String property(String service, String name) {
		return authServer.property(name, compose.environment(service))
			.orElseThrow(() -> new AssertionError(service + " has no " + name));
	}

	/** HAProxy's configuration file: its sections and their lines, comments left out. */
	record HaproxyConfiguration(Map<String, List<String>> sections) {

		static HaproxyConfiguration read(Path file) throws IOException {
			Map<String, List<String>> sections = new LinkedHashMap<>();
			List<String> current = null;
			for (String raw : Files.readAllLines(file)) {
				String line = raw.replaceFirst("#.*", "").strip();
				if (line.isEmpty()) {
					continue;
				}
				if (!Character.isWhitespace(raw.charAt(0))) {
					current = new ArrayList<>();
					sections.put(line, current);
				}
				else if (current != null) {
					current.add(line.replaceAll("\\s+", " "));
				}
			}
			return new HaproxyConfiguration(sections);
		}

		List<String> section(String name) {
			List<String> lines = sections.get(name);
			if (lines == null) {
				throw new AssertionError("haproxy.cfg has no section " + name);
			}
			return lines;
		}

		List<String> defaults() {
			return section("defaults");
		}

		List<String> all() {
			return sections.values().stream().flatMap(List::stream).toList();
		}

		List<Integer> frontendBinds() {
			return sections.entrySet()
				.stream()
				.filter(section -> section.getKey().startsWith("frontend "))
				.flatMap(section -> section.getValue().stream())
				.filter(line -> line.startsWith("bind "))
				.map(line -> Integer.parseInt(line.replaceAll("bind \\S*:(\\d+).*", "$1")))
				.toList();
		}

		/** The backend of the frontend that binds {@code port}. */
		String backendOf(int port) {
			return sections.entrySet()
				.stream()
				.filter(section -> section.getKey().startsWith("frontend ")
						&& section.getValue().stream().anyMatch(line -> line.matches("bind \\S*:" + port + "( .*)?")))
				.flatMap(section -> section.getValue().stream())
				.filter(line -> line.startsWith("default_backend "))
				.map(line -> line.substring("default_backend ".length()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no frontend binds " + port));
		}

		/** The backend's servers as host:port. */
		List<String> servers(String backend) {
			return section("backend " + backend).stream()
				.filter(line -> line.startsWith("server "))
				.map(line -> line.split(" ")[2])
				.toList();
		}

	}

}
