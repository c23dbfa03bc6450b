package dev.mtlsauthz.authserver.tokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.ServerProcess;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default embedded store (application.yml's H2 file database, as configured there)
 * keeps every token it returned through a {@code kill -9}: the server, started from its
 * executable jar, issues access tokens (JWT and reference) and device codes to several
 * clients at once; it is killed with SIGKILL in the middle of that load and started again
 * on the same files. Every access token returned before the kill introspects
 * {@code active}, and every device code is still pending ({@code authorization_pending},
 * not {@code invalid_grant}). With H2's default write delay, the tokens of the last half
 * second before the kill were lost.
 */
class EmbeddedStoreKilledUnderLoadIT {

	private static final Path JAR = Path.of(System.getProperty("auth-server.jar", "target/auth-server-exec.jar"));

	private static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";

	/**
	 * Tokens returned before the kill, or for how long they are issued if fewer come.
	 */
	private static final int BEFORE_KILL = 1000;

	private static final Duration LOAD = Duration.ofSeconds(15);

	private static final int CLIENTS = 6;

	private final Path workingDirectory = Path.of("target", "kill-embedded-store",
			UUID.randomUUID().toString().substring(0, 8));

	private final IssuedCertificate certificate = TestPki.ephemeral();

	private final int port = ServerProcess.freePort();

	private final int mtlsPort = ServerProcess.freePort();

	private final List<ServerProcess> servers = new ArrayList<>();

	/**
	 * One client for every request: its keep-alive connections make the load heavy enough
	 * on a busy machine, where a TLS handshake per request would not.
	 */
	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.sslContext(Tls.context(certificate))
		.build();

	EmbeddedStoreKilledUnderLoadIT() throws Exception {
	}

	@AfterEach
	void stop() throws Exception {
		for (ServerProcess server : servers) {
			server.stop();
		}
	}

	@Test
	void everyTokenReturnedBeforeAKillMinusNineIsActiveAfterRestart() throws Exception {
		ServerProcess killed = start("before-kill");
		Queue<String> accessTokens = new ConcurrentLinkedQueue<>();
		Queue<String> deviceCodes = new ConcurrentLinkedQueue<>();
		Queue<String> refused = new ConcurrentLinkedQueue<>();
		AtomicBoolean alive = new AtomicBoolean(true);
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		for (int client = 0; client < CLIENTS; client++) {
			int kind = client % 3;
			clients.submit(() -> {
				while (alive.get()) {
					try {
						HttpResponse<String> response = (kind == 2) ? deviceAuthorization()
								: accessToken(kind == 0 ? "secret-client" : "opaque-client");
						if (response.statusCode() == 200) {
							(kind == 2 ? deviceCodes : accessTokens)
								.add(member(response, kind == 2 ? "device_code" : "access_token"));
						}
						else if (refused.size() < 5) {
							refused.add(response.statusCode() + " " + response.body());
						}
					}
					catch (IOException resetByTheKill) {
						// No token was returned.
					}
				}
				return null;
			});
		}
		Instant deadline = Instant.now().plus(LOAD);
		while (accessTokens.size() + deviceCodes.size() < BEFORE_KILL && Instant.now().isBefore(deadline)) {
			Thread.sleep(20);
		}
		// Killed while the clients are still being answered.
		killed.kill();
		alive.set(false);
		clients.shutdown();
		assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(accessTokens.size()).as("access tokens returned before the kill; refused: " + refused)
			.isGreaterThanOrEqualTo(BEFORE_KILL / 10);
		assertThat(deviceCodes).as("device codes returned before the kill; refused: " + refused).isNotEmpty();

		start("after-kill");
		List<String> inactive = accessTokens.stream().filter(token -> !active(token)).toList();
		List<String> forgotten = deviceCodes.stream().filter(code -> !pending(code)).toList();
		assertThat(inactive)
			.as("of %d access tokens returned before the kill, those inactive after the restart", accessTokens.size())
			.isEmpty();
		assertThat(forgotten)
			.as("of %d device codes returned before the kill, those no longer pending", deviceCodes.size())
			.isEmpty();
	}

	/**
	 * Starts the server in the working directory with application.yml's data source, so
	 * that its H2 database is {@code ./data/auth-server} there, with its settings.
	 */
	private ServerProcess start(String name) throws Exception {
		Files.createDirectories(workingDirectory);
		Map<String, Object> properties = new LinkedHashMap<>(
				AuthServerIntegrationTest.properties(port, mtlsPort, true, null));
		properties.remove("spring.datasource.url");
		properties.put("authserver.clients",
				"file:" + Path.of("target", "test-classes", "cluster-clients.json").toAbsolutePath());
		List<String> arguments = new ArrayList<>();
		properties.forEach((property, value) -> arguments.add("--" + property + "=" + value));
		ServerProcess server = ServerProcess.start(name, JAR, workingDirectory, workingDirectory,
				arguments.toArray(String[]::new));
		servers.add(server);
		server.awaitHealthy(URI.create("https://localhost:" + port), TestPki.file("ca.crt"), Duration.ofMinutes(3));
		return server;
	}

	private HttpResponse<String> accessToken(String clientId) throws IOException {
		return post(alias("/oauth2/token"), clientId, "grant_type=client_credentials&scope=api.read");
	}

	private HttpResponse<String> deviceAuthorization() throws IOException {
		return post(alias("/oauth2/device_authorization"), "web-client", "scope=api.read");
	}

	private boolean active(String token) {
		HttpResponse<String> introspection = unchecked(
				() -> post("https://localhost:" + port + "/oauth2/introspect", "introspector", "token=" + token));
		return introspection.statusCode() == 200 && introspection.body().contains("\"active\":true");
	}

	private boolean pending(String deviceCode) {
		HttpResponse<String> poll = unchecked(() -> post(alias("/oauth2/token"), "web-client",
				"grant_type=" + DEVICE_CODE + "&device_code=" + deviceCode));
		return poll.statusCode() == 400 && "authorization_pending".equals(member(poll, "error"));
	}

	/**
	 * A form POST with client_secret_basic (each test client's secret is its id with
	 * {@code -secret}), over the one client's keep-alive connections.
	 */
	private HttpResponse<String> post(String url, String clientId, String form) throws IOException {
		String credentials = Base64.getEncoder()
			.encodeToString((clientId + ":" + clientId + "-secret").getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Basic " + credentials)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static HttpResponse<String> unchecked(Callable<HttpResponse<String>> call) {
		try {
			return call.call();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String member(HttpResponse<String> response, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(response.body());
		return matcher.find() ? matcher.group(1) : null;
	}

	private String alias(String path) {
		return "https://localhost:" + mtlsPort + path;
	}

}
