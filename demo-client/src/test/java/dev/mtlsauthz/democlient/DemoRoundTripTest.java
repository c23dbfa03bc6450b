package dev.mtlsauthz.democlient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mtlsauthz.certs.DevelopmentCertificates;
import dev.mtlsauthz.testing.BothServers;
import dev.mtlsauthz.testing.ServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo against the real servers: both started from their executable jars, as
 * {@code ./demo.sh} starts them, on free ports, in a scratch working directory with its
 * own PKI and databases; then the demo client's main logic.
 */
class DemoRoundTripTest {

	private static final List<String> EVERY_STEP = List.of("1", "2", "3", "4a", "4b", "5a", "5b", "5c", "6a.2", "6a.3",
			"6a.4a", "6a.4b", "6a.5a", "6a.5b", "6a.5c", "6b.3", "6b.4a", "6b.4b", "6b.5a", "6b.5b", "6b.5c", "7.1",
			"7.2", "7.3", "7.4", "7.5", "7.6");

	@TempDir
	static Path workingDirectory;

	private static BothServers servers;

	private static DevelopmentCertificates certificates;

	private static String issuer;

	private static String api;

	private static String mtlsBase;

	@BeforeAll
	static void startBothServers() throws Exception {
		// No introspection cache, so that a revocation is seen at once by the end-to-end
		// test below.
		servers = BothServers.start(workingDirectory, "--resourceapi.introspection-cache-ttl=0s");
		certificates = servers.certificates();
		issuer = servers.issuer();
		api = servers.api();
		mtlsBase = servers.mtlsBase();
	}

	@AfterAll
	static void stopBothServers() throws InterruptedException {
		if (servers != null) {
			servers.close();
		}
	}

	@Test
	void everyStepOfTheDemoPassesAndTheExitStatusIsZero() {
		Run run = demo("--json");

		JsonNode report = JsonMapper.shared().readTree(run.out());
		List<String> failed = report.get("steps")
			.valueStream()
			.filter(step -> !step.get("passed").asBoolean())
			.map(step -> step.get("id").asString() + " " + step.get("summary").asString())
			.toList();
		assertThat(failed).as(run.out() + logs()).isEmpty();
		assertThat(report.get("steps").valueStream().map(step -> step.get("id").asString()).toList())
			.containsExactlyElementsOf(EVERY_STEP);
		assertThat(report.get("passed").asBoolean()).isTrue();
		assertThat(run.status()).isZero();
	}

	@Test
	void consoleOutputShowsACheckForEveryStepAndNoColourWithoutATerminal() {
		Run run = demo();

		assertThat(run.out()).as(run.out() + logs())
			.doesNotContain("✘", "\u001b[")
			.contains("All " + EVERY_STEP.size() + " steps behaved as expected");
		assertThat(run.out().lines().filter(line -> line.contains("✔"))).hasSize(EVERY_STEP.size() + 1);
		assertThat(run.status()).isZero();
	}

	@Test
	void aResourceApiThatDoesNotAnswerFailsStepFiveAndNamesIt() throws Exception {
		Run run = demo("--api", "https://localhost:" + ServerProcess.freePort());

		assertThat(run.status()).as(run.out() + run.err()).isEqualTo(5);
		assertThat(run.err()).contains("step 5a failed (API with the same certificate)");
	}

	/**
	 * RFC 7009 end to end: a revoked opaque token introspects as inactive, so the
	 * resource API refuses it.
	 */
	@Test
	void revokedOpaqueTokenIsRefusedByTheResourceApi() throws Exception {
		TlsClient client = TlsClient.presenting(ephemeral(), TlsClient.trustAnchors(ca()));
		String token = token(client, mtlsBase, "demo-opaque-client", "demo-opaque-secret", "api.read");
		assertThat(client.get(URI.create(api + "/api/whoami"), bearer(token)).statusCode()).isEqualTo(200);

		HttpResponse<String> revocation = client.postForm(URI.create(mtlsBase + "/oauth2/revoke"),
				Map.of("token", token), basic("demo-opaque-client", "demo-opaque-secret"));
		HttpResponse<String> afterRevocation = client.get(URI.create(api + "/api/whoami"), bearer(token));

		assertThat(revocation.statusCode()).isEqualTo(200);
		assertThat(afterRevocation.statusCode()).isEqualTo(401);
		assertThat(TlsClient.header(afterRevocation, "WWW-Authenticate")).get()
			.asString()
			.contains("error=\"invalid_token\"");
	}

	/**
	 * An unbound token (issued at the issuer, without a certificate) is accepted while
	 * bound tokens are optional.
	 */
	@Test
	void unboundTokenFromTheRealServerIsAcceptedByTheResourceApi() throws Exception {
		TlsClient anonymous = TlsClient.withoutCertificate(TlsClient.trustAnchors(ca()));
		String token = token(anonymous, issuer, "demo-secret-client", "demo-secret", "api.read");

		HttpResponse<String> whoami = TlsClient.presenting(ephemeral(), TlsClient.trustAnchors(ca()))
			.get(URI.create(api + "/api/whoami"), bearer(token));

		assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
	}

	/**
	 * A token without api.write cannot post a message: 403 insufficient_scope (RFC 6750
	 * section 3.1).
	 */
	@Test
	void tokenWithoutTheScopeIsInsufficientScope() throws Exception {
		TlsClient client = TlsClient.presenting(ephemeral(), TlsClient.trustAnchors(ca()));
		String token = token(client, mtlsBase, "demo-secret-client", "demo-secret", "api.read");
		Map<String, String> headers = new java.util.HashMap<>(bearer(token));

		HttpResponse<String> post = client.postForm(URI.create(api + "/api/messages"), Map.of("text", "hello"),
				headers);

		assertThat(post.statusCode()).isEqualTo(403);
		assertThat(TlsClient.header(post, "WWW-Authenticate")).get()
			.asString()
			.contains("error=\"insufficient_scope\"");
	}

	private static String token(TlsClient client, String base, String clientId, String secret, String scope)
			throws Exception {
		HttpResponse<String> response = client.postForm(URI.create(base + "/oauth2/token"),
				Map.of("grant_type", "client_credentials", "scope", scope), basic(clientId, secret));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body()).get("access_token").asString();
	}

	private static Map<String, String> basic(String clientId, String secret) {
		return Map.of("Authorization", "Basic " + java.util.Base64.getEncoder()
			.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
	}

	private static Map<String, String> bearer(String token) {
		return Map.of("Authorization", "Bearer " + token);
	}

	private static dev.mtlsauthz.certs.IssuedCertificate ephemeral() {
		return dev.mtlsauthz.certs.CertificateBuilder.subject("CN=end-to-end")
			.clientAuth()
			.validFor(Duration.ofHours(1))
			.selfSigned();
	}

	private static Run demo(String... extraArgs) {
		Path generated = certificates.directory();
		List<String> args = new java.util.ArrayList<>(List.of("--issuer", issuer, "--api", api, "--trust-store",
				ca().toString(), "--pki-cert", certificates.certificateFile("demo-pki-client").toString(), "--pki-key",
				generated.resolve("demo-pki-client.key").toString()));
		args.addAll(List.of(extraArgs));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = DemoClient.run(args.toArray(String[]::new), Terminal.plain(),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Run(int status, String out, String err) {
	}

	private static Path ca() {
		return servers.ca();
	}

	private static String logs() {
		return servers.logs();
	}

}
