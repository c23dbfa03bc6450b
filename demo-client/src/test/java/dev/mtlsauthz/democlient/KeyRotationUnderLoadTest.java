package dev.mtlsauthz.democlient;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.DevelopmentCertificates;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.ServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation end to end, both servers from their executable jars: while clients get
 * tokens and call the resource API without pause, the authorization server rotates its
 * signing key every few seconds (publishing each next key ahead), and not one
 * verification fails at the resource API. Then the algorithm changes from RS256 to ES256
 * by a restart: the new key is published first, RS256 signs until its time comes, and
 * tokens of both algorithms verify at the resource API.
 */
class KeyRotationUnderLoadTest {

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	/**
	 * The load stops once this many keys have signed (the first and two rotations), or
	 * after {@link #LOAD} on a machine too busy for that.
	 */
	private static final int ROTATED_KEYS = 3;

	private static final Duration LOAD = Duration.ofSeconds(120);

	private static final int CLIENTS = 3;

	@TempDir
	static Path workingDirectory;

	private static DevelopmentCertificates certificates;

	private static ServerProcess authServer;

	private static ServerProcess resourceApi;

	private static int authPort;

	private static int mtlsPort;

	private static String api;

	@BeforeAll
	static void startBothServers() throws Exception {
		certificates = new DevelopmentCertificates(workingDirectory.resolve("certs/generated"));
		certificates.ensure();
		authPort = ServerProcess.freePort();
		mtlsPort = ServerProcess.freePort();
		int apiPort = ServerProcess.freePort();
		api = "https://localhost:" + apiPort;
		authServer = startAuthServer("RS256");
		resourceApi = ServerProcess.start("resource-api", jar("resource-api.jar"), workingDirectory, logs(),
				"--server.port=" + apiPort, "--resourceapi.issuer-uri=" + issuer(),
				"--resourceapi.jwk-set.cache-time-to-live=1s", "--resourceapi.jwk-set.refresh-min-interval=500ms");
		resourceApi.awaitHealthy(URI.create(api), ca(), STARTUP_TIMEOUT);
	}

	@AfterAll
	static void stopBothServers() throws InterruptedException {
		ServerProcess.stop(resourceApi, authServer);
	}

	@Test
	void rotationsUnderLoadAndAnAlgorithmChangeFailNoVerificationAtTheResourceApi() throws Exception {
		List<String> failures = Collections.synchronizedList(new ArrayList<>());
		Set<String> kids = ConcurrentHashMap.newKeySet();
		AtomicInteger verified = new AtomicInteger();
		TlsClient firstClient = client(ephemeral());
		String first = token(firstClient);

		Instant end = Instant.now().plus(LOAD);
		ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
		List<Future<?>> load = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			load.add(threads.submit(() -> {
				TlsClient client = client(ephemeral());
				while (Instant.now().isBefore(end) && failures.size() < 10 && kids.size() < ROTATED_KEYS) {
					String token = token(client);
					kids.add(header(token).get("kid").asString());
					HttpResponse<String> whoami = whoami(client, token);
					if (whoami.statusCode() == 200) {
						verified.incrementAndGet();
					}
					else {
						failures.add(whoami.statusCode() + " " + whoami.headers().firstValue("WWW-Authenticate"));
					}
				}
				return null;
			}));
		}
		for (Future<?> thread : load) {
			thread.get();
		}
		threads.shutdown();

		assertThat(failures).as(logsOfBoth()).isEmpty();
		assertThat(kids).as("keys that signed during the load: the first and at least two rotations")
			.hasSizeGreaterThanOrEqualTo(ROTATED_KEYS);
		assertThat(verified.get()).isGreaterThan(CLIENTS * 5);
		assertThat(whoami(firstClient, first).statusCode()).as("a token of a key retired during the load")
			.isEqualTo(200);

		TlsClient client = client(ephemeral());

		String rsa = token(client);
		authServer.stop();
		authServer = startAuthServer("ES256");
		String es256 = awaitTokenOf(client, "ES256");

		assertThat(idTokenSigningAlgorithms(client)).containsExactly("ES256");
		for (String token : List.of(rsa, es256)) {
			HttpResponse<String> whoami = whoami(client, token);
			assertThat(whoami.statusCode()).as(header(token) + " " + whoami.body() + logsOfBoth()).isEqualTo(200);
		}
		assertPublishedAheadThenActivated(header(es256).get("kid").asString());
	}

	/**
	 * The server's own account of the algorithm change: the ES256 key was published with
	 * a time to start signing, and signed only from then (a rotation, never an instant
	 * switch).
	 */
	private static void assertPublishedAheadThenActivated(String kid) {
		List<String> log = authServer.lines();
		Instant signsFrom = log.stream()
			.filter(line -> line.contains("Published the next ES256 signing key " + kid))
			.map(line -> Instant.parse(line.replaceAll(".*it signs from (\\S+).*", "$1")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("ES256 key " + kid + " was never published ahead" + logsOfBoth()));
		Instant activated = log.stream()
			.filter(line -> line.contains("Signing key " + kid + " (ES256) signs from now"))
			.map(line -> Instant.parse(line.substring(0, line.indexOf(' '))))
			.findFirst()
			.orElseThrow(() -> new AssertionError("ES256 key " + kid + " never became active" + logsOfBoth()));
		assertThat(activated).isAfterOrEqualTo(signsFrom);
	}

	private static ServerProcess startAuthServer(String algorithm) throws Exception {
		// A rotation every 6 seconds, each next key published 3 seconds ahead, which
		// covers the instance's refresh (1 s) and the resource API's cache of the JWK Set
		// (1 s).
		ServerProcess server = ServerProcess.start("auth-server-" + algorithm, jar("auth-server.jar"), workingDirectory,
				logs(), "--server.port=" + authPort, "--authserver.issuer=" + issuer(),
				"--authserver.mtls.port=" + mtlsPort, "--authserver.keys.algorithm=" + algorithm,
				"--authserver.keys.refresh-interval=1s", "--authserver.keys.jwks-max-age=1s",
				"--authserver.keys.rotation.interval=6s", "--authserver.keys.rotation.publish-ahead=3s");
		server.awaitHealthy(URI.create(issuer()), ca(), STARTUP_TIMEOUT);
		return server;
	}

	private static String awaitTokenOf(TlsClient client, String algorithm) throws Exception {
		Instant deadline = Instant.now().plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			String token = token(client);
			if (algorithm.equals(header(token).get("alg").asString())) {
				return token;
			}
			Thread.sleep(250);
		}
		throw new AssertionError("No " + algorithm + " token within 30 s" + logsOfBoth());
	}

	private static String token(TlsClient client) throws Exception {
		HttpResponse<String> response = client.postForm(URI.create("https://localhost:" + mtlsPort + "/oauth2/token"),
				Map.of("grant_type", "client_credentials", "scope", "api.read"),
				Map.of("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString("demo-secret-client:demo-secret".getBytes(StandardCharsets.UTF_8))));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body()).get("access_token").asString();
	}

	private static HttpResponse<String> whoami(TlsClient client, String token) throws Exception {
		return client.get(URI.create(api + "/api/whoami"), Map.of("Authorization", "Bearer " + token));
	}

	private static List<String> idTokenSigningAlgorithms(TlsClient client) throws Exception {
		HttpResponse<String> discovery = client.get(URI.create(issuer() + "/.well-known/openid-configuration"),
				Map.of());
		List<String> algorithms = new ArrayList<>();
		JsonMapper.shared()
			.readTree(discovery.body())
			.get("id_token_signing_alg_values_supported")
			.forEach(algorithm -> algorithms.add(algorithm.asString()));
		return algorithms;
	}

	private static JsonNode header(String jwt) {
		return JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))));
	}

	private static TlsClient client(IssuedCertificate certificate) {
		return TlsClient.presenting(certificate, TlsClient.trustAnchors(ca()));
	}

	private static IssuedCertificate ephemeral() {
		return CertificateBuilder.subject("CN=rotation-load").clientAuth().validFor(Duration.ofHours(1)).selfSigned();
	}

	private static String issuer() {
		return "https://localhost:" + authPort;
	}

	private static Path ca() {
		return certificates.certificateFile(DevelopmentCertificates.CA);
	}

	private static Path jar(String property) {
		return Path.of(System.getProperty(property, "missing-system-property-" + property));
	}

	private static Path logs() {
		return Path.of("target", "key-rotation-logs");
	}

	private static String logsOfBoth() {
		return "\n--- auth-server log ---\n" + authServer.tail() + "\n--- resource-api log ---\n" + resourceApi.tail();
	}

}
