package dev.mtlsauthz.democlient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtlsauthz.certs.DevelopmentCertificates;
import dev.mtlsauthz.certs.Pem;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * There is no Docker engine where the tests run, so docker-compose.yml and the Dockerfile
 * are checked statically: every port, URL, environment variable and file path in them
 * must be one the applications really use, as their application.yml, their documented
 * defaults and Spring Boot's relaxed binding say.
 */
class ComposeConfigurationTest {

	private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();

	private static ComposeFile compose;

	private static Map<String, Map<String, Object>> services;

	private static Dockerfile dockerfile;

	private static ApplicationConfiguration authServer;

	private static ApplicationConfiguration resourceApi;

	@BeforeAll
	static void readConfiguration() throws IOException {
		compose = ComposeFile.read(ROOT.resolve("docker-compose.yml"));
		services = compose.services();
		dockerfile = Dockerfile.read(ROOT.resolve("Dockerfile"));
		authServer = ApplicationConfiguration.of(ROOT.resolve("auth-server"));
		resourceApi = ApplicationConfiguration.of(ROOT.resolve("resource-api"));
	}

	@Test
	void composeHasTheFourServicesOfTheDemoAndItsMonitoring() {
		assertThat(services).containsOnlyKeys("certs", "auth-server", "resource-api", "demo-client", "prometheus",
				"grafana");
	}

	@Test
	void prometheusScrapesTheMetricsConnectorWhichIsNotPublished() throws IOException {
		String metricsPort = authServer.property("authserver.metrics.port", environment("auth-server")).orElseThrow();
		String scrapeConfig = Files.readString(ROOT.resolve("observability/prometheus/prometheus.yml"));

		assertThat(authServer.property("authserver.metrics.address", environment("auth-server"))).contains("0.0.0.0");
		assertThat(scrapeConfig).contains("metrics_path: /actuator/prometheus")
			.contains("targets: [\"auth-server:" + metricsPort + "\"]");
		assertThat(publishedPorts("auth-server")).doesNotContainKey(Integer.parseInt(metricsPort));
	}

	@Test
	void publishedPortsAreThePortsTheServersListenOnAndTheSameOnTheHost() {
		assertThat(publishedPorts("auth-server")).containsOnly(Map.entry(authServerPort(), authServerPort()),
				Map.entry(mtlsPort(), mtlsPort()));
		assertThat(publishedPorts("resource-api")).containsOnly(Map.entry(resourceApiPort(), resourceApiPort()));
	}

	@Test
	void issuerIsTheAuthServerServiceOnItsHttpsPort() {
		URI issuer = issuer();

		assertThat(issuer.getScheme()).isEqualTo("https");
		assertThat(issuer.getHost()).isEqualTo("auth-server");
		assertThat(issuer.getPort()).isEqualTo(authServerPort());
	}

	@Test
	void mtlsEndpointAliasesAreOnTheIssuersHostAtTheMtlsPort() {
		URI baseUrl = URI.create(authServer.property("authserver.mtls.base-url", environment("auth-server"))
			.orElse("https://" + issuer().getHost() + ":" + mtlsPort()));

		assertThat(baseUrl.getHost()).isEqualTo(issuer().getHost());
		assertThat(baseUrl.getPort()).isEqualTo(mtlsPort());
	}

	@Test
	void resourceApiAndDemoClientUseTheSameIssuer() {
		assertThat(resourceApi.property("resourceapi.issuer-uri", environment("resource-api")))
			.contains(issuer().toString());
		assertThat(demoClientOptions().issuer()).isEqualTo(issuer());
	}

	@Test
	void demoClientCallsTheResourceApiServiceOnItsPort() {
		URI api = demoClientOptions().api();

		assertThat(api.getHost()).isEqualTo("resource-api");
		assertThat(api.getPort()).isEqualTo(resourceApiPort());
	}

	@Test
	void everyEnvironmentVariableBindsToAPropertyOfItsApplication() {
		assertThat(unboundVariables("auth-server", authServer)).isEmpty();
		assertThat(unboundVariables("resource-api", resourceApi)).isEmpty();
	}

	@Test
	void filesTheServicesReadAreOnTheCertificatesVolume() {
		assertThat(certificateFiles(authServer)).isNotEmpty()
			.allSatisfy(
					file -> assertThat(inContainer("auth-server", file)).startsWithRaw(mount("auth-server", "certs")));
		assertThat(certificateFiles(resourceApi)).isNotEmpty()
			.allSatisfy(file -> assertThat(inContainer("resource-api", file))
				.startsWithRaw(mount("resource-api", "certs")));
		assertThat(demoClientFiles()).allSatisfy(file -> assertThat(file).startsWithRaw(mount("demo-client", "certs")));
		assertThat(Path
			.of(dockerfile.instruction("certs", "ENTRYPOINT").orElseThrow().replaceAll(".*\"(/[^\"]+)\"\\]$", "$1")))
			.isEqualTo(mount("certs", "certs"));
	}

	@Test
	void filesTheServicesReadAreOnesTheCertificateGeneratorWrites(@TempDir Path generated) {
		new DevelopmentCertificates(generated).ensure();
		List<String> referenced = new ArrayList<>();
		Stream.of(certificateFiles(authServer), certificateFiles(resourceApi))
			.flatMap(List::stream)
			.filter(file -> file.getFileName().toString().contains("."))
			.forEach(file -> referenced.add(file.getFileName().toString()));
		demoClientFiles().forEach(file -> referenced.add(file.getFileName().toString()));

		assertThat(referenced).isNotEmpty().allSatisfy(name -> assertThat(generated.resolve(name)).isRegularFile());
	}

	@Test
	void authServerDatabaseIsOnItsDataVolume() {
		String url = authServer.property("spring.datasource.url", environment("auth-server")).orElseThrow();
		Path database = Path.of(url.replaceFirst("^jdbc:h2:file:", "").replaceFirst(";.*$", ""));

		assertThat(inContainer("auth-server", database)).startsWithRaw(mount("auth-server", "auth-server-data"));
	}

	@Test
	void healthChecksProbeEachServersHttpsPortWithTheGeneratedCa() {
		String authHealth = "https://localhost:" + authServerPort() + "/actuator/health";
		String apiHealth = "https://localhost:" + resourceApiPort() + "/actuator/health";

		assertThat(healthCheck("auth-server")).contains(authHealth, mount("auth-server", "certs") + "/ca.crt");
		assertThat(healthCheck("resource-api")).contains(apiHealth, mount("resource-api", "certs") + "/ca.crt");
		assertThat(dockerfile.instruction("auth-server", "HEALTHCHECK")).hasValueSatisfying(
				check -> assertThat(check).contains(authHealth, mount("auth-server", "certs") + "/ca.crt"));
		assertThat(dockerfile.instruction("resource-api", "HEALTHCHECK")).hasValueSatisfying(
				check -> assertThat(check).contains(apiHealth, mount("resource-api", "certs") + "/ca.crt"));
	}

	@Test
	void servicesStartAfterTheCertificatesAndTheServersTheyCall() {
		assertThat(dependsOn("auth-server")).containsOnly(Map.entry("certs", "service_completed_successfully"));
		assertThat(dependsOn("resource-api")).containsOnly(Map.entry("certs", "service_completed_successfully"),
				Map.entry("auth-server", "service_healthy"));
		assertThat(dependsOn("demo-client")).containsOnly(Map.entry("auth-server", "service_healthy"),
				Map.entry("resource-api", "service_healthy"));
	}

	@Test
	void buildStageCopiesEveryModuleOfTheReactor() throws IOException {
		List<String> modules = java.util.regex.Pattern.compile("<module>([^<]+)</module>")
			.matcher(Files.readString(ROOT.resolve("pom.xml")))
			.results()
			.map(match -> match.group(1))
			.toList();
		List<String> copies = dockerfile.stage("build")
			.instructions()
			.stream()
			.filter(instruction -> instruction.startsWith("COPY "))
			.toList();

		assertThat(modules).isNotEmpty()
			.allSatisfy(module -> assertThat(copies).as("COPY of module " + module)
				.contains("COPY " + module + "/ " + module + "/"));
	}

	@Test
	void imagesAreBuiltWithTheMavenWrapperAndRunOnAJreAsAnUnprivilegedUser() {
		assertThat(dockerfile.stage("build").from()).startsWith("eclipse-temurin:").endsWith("-jdk");
		assertThat(dockerfile.instruction("build", "RUN"))
			.hasValueSatisfying(run -> assertThat(run).contains("./mvnw"));
		for (String service : services.keySet()) {
			if (!services.get(service).containsKey("build")) {
				// Prometheus and Grafana: their vendors' images.
				continue;
			}
			String stage = buildTarget(service);
			assertThat(dockerfile.baseImage(stage)).as(service).startsWith("eclipse-temurin:").endsWith("-jre");
			assertThat(dockerfile.instruction(stage, "USER")).as(service)
				.hasValueSatisfying(user -> assertThat(user).doesNotStartWith("root").doesNotStartWith("0"));
			assertThat(dockerfile.instruction(stage, "HEALTHCHECK")).as(service).isPresent();
		}
	}

	@Test
	void serverCertificatesNameTheServicesTheIssuerAndTheApiUrlUse(@TempDir Path generated) throws Exception {
		DevelopmentCertificates certificates = new DevelopmentCertificates(generated);
		certificates.ensure();

		assertThat(dnsNames(certificates, DevelopmentCertificates.AUTH_SERVER)).contains(issuer().getHost());
		assertThat(dnsNames(certificates, DevelopmentCertificates.RESOURCE_API))
			.contains(demoClientOptions().api().getHost());
	}

	private static URI issuer() {
		return URI.create(authServer.property("authserver.issuer", environment("auth-server")).orElseThrow());
	}

	private static int authServerPort() {
		return Integer.parseInt(authServer.property("server.port", environment("auth-server")).orElseThrow());
	}

	private static int mtlsPort() {
		return Integer.parseInt(authServer.property("authserver.mtls.port", environment("auth-server")).orElseThrow());
	}

	private static int resourceApiPort() {
		return Integer.parseInt(resourceApi.property("server.port", environment("resource-api")).orElseThrow());
	}

	private static Map<String, String> environment(String service) {
		return compose.environment(service);
	}

	private static Set<String> unboundVariables(String service, ApplicationConfiguration application) {
		return application.unboundVariables(environment(service));
	}

	private static Map<Integer, Integer> publishedPorts(String service) {
		return compose.publishedPorts(service);
	}

	/** Where the named volume is mounted in the service's container. */
	private static Path mount(String service, String volume) {
		return compose.mount(service, volume);
	}

	/**
	 * A path as the application resolves it: relative paths against the image's working
	 * directory.
	 */
	private static Path inContainer(String service, Path path) {
		Path workingDirectory = Path.of(dockerfile.instruction(buildTarget(service), "WORKDIR").orElse("/"));
		return workingDirectory.resolve(path).normalize();
	}

	/**
	 * Every file or directory under certs/generated that the application's configuration
	 * or defaults name.
	 */
	private static List<Path> certificateFiles(ApplicationConfiguration application) {
		Map<String, Object> values = new LinkedHashMap<>(application.defaults());
		values.putAll(application.applicationYml());
		return values.values()
			.stream()
			.filter(value -> value != null)
			.map(value -> String.valueOf(value).replaceFirst("^file:", ""))
			.filter(value -> value.startsWith("certs/") || value.startsWith("./certs/"))
			.map(Path::of)
			.distinct()
			.toList();
	}

	private static List<Path> demoClientFiles() {
		DemoOptions options = demoClientOptions();
		return Stream.of(options.trustStore(), options.pkiCertificate(), options.pkiKey())
			.map(file -> inContainer("demo-client", file))
			.toList();
	}

	private static DemoOptions demoClientOptions() {
		List<?> command = (List<?>) services.get("demo-client").get("command");
		return DemoOptions.parse(command.stream().map(String::valueOf).toArray(String[]::new));
	}

	private static String healthCheck(String service) {
		return compose.healthCheck(service);
	}

	private static Map<String, String> dependsOn(String service) {
		return compose.dependsOn(service);
	}

	private static String buildTarget(String service) {
		return compose.buildTarget(service);
	}

	private static List<String> dnsNames(DevelopmentCertificates certificates, String name) throws Exception {
		X509Certificate certificate = Pem.readCertificates(certificates.certificateFile(name)).get(0);
		return certificate.getSubjectAlternativeNames().stream().map(entry -> String.valueOf(entry.get(1))).toList();
	}

}
