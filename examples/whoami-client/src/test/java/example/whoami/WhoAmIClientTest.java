package example.whoami;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.mtlsauthz.certs.DevelopmentCertificates;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.Pem;
import dev.mtlsauthz.client.MtlsClientAutoConfiguration;
import dev.mtlsauthz.client.certificate.ClientCertificateSource;
import dev.mtlsauthz.client.token.MtlsAuthorizedClients;
import dev.mtlsauthz.mtls.X5tS256;
import dev.mtlsauthz.testing.BothServers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example application of the client starter's README against the real servers, both
 * started from their executable jars as {@code ./demo.sh} starts them, on free ports, in
 * a scratch working directory with its own development PKI: a bound token from the token
 * endpoint's mTLS alias, and the resource API accepting it with the same certificate,
 * with {@code tls_client_auth} and with an ephemeral certificate; then what the starter
 * promises beyond that (cached tokens, renewed certificates and tokens, the WebClient,
 * the other client authentication methods).
 */
class WhoAmIClientTest {

	@TempDir
	static Path workingDirectory;

	private static BothServers servers;

	private static DevelopmentCertificates certificates;

	private static String issuer;

	private static String api;

	@BeforeAll
	static void startBothServers() throws Exception {
		servers = BothServers.start(workingDirectory);
		certificates = servers.certificates();
		issuer = servers.issuer();
		api = servers.api();
	}

	@AfterAll
	static void stopBothServers() throws InterruptedException {
		if (servers != null) {
			servers.close();
		}
	}

	@Test
	void withTlsClientAuthTheExampleGetsATokenBoundToItsCaIssuedCertificateAndCallsTheApi() throws Exception {
		JsonNode whoami = runExample("tls-client-auth", bundle("demo-pki-client", "demo-pki-client"));

		String thumbprint = thumbprint(certificates.certificateFile(DevelopmentCertificates.DEMO_PKI_CLIENT));
		assertThat(whoami.get("client_id").asString()).isEqualTo("demo-pki-client");
		assertThat(whoami.get("cnf").get("x5t#S256").asString()).isEqualTo(thumbprint);
		assertThat(whoami.get("certificate").get("x5t#S256").asString()).isEqualTo(thumbprint);
		assertThat(whoami.get("token_type").asString()).isEqualTo("jwt");
	}

	@Test
	void withAnEphemeralCertificateTheExampleGetsATokenBoundToItAndCallsTheApi() throws Exception {
		JsonNode whoami = runExample("ephemeral",
				"--spring.ssl.bundle.pem.development-ca.truststore.certificate=" + ca().toUri());

		JsonNode certificate = whoami.get("certificate");
		assertThat(whoami.get("client_id").asString()).isEqualTo("demo-secret-client");
		assertThat(certificate.get("subject").asString()).isEqualTo("CN=demo-secret-client");
		assertThat(certificate.get("issuer").asString()).isEqualTo("CN=demo-secret-client");
		assertThat(whoami.get("cnf").get("x5t#S256").asString()).isEqualTo(certificate.get("x5t#S256").asString());
	}

	/**
	 * The token is requested once and reused; when the ephemeral certificate is renewed,
	 * a new token bound to the new certificate replaces it, for the RestClient and the
	 * WebClient alike.
	 */
	@Test
	void tokensAreCachedAndBoundAgainWhenTheEphemeralCertificateIsRenewed() throws Exception {
		try (ConfigurableApplicationContext context = client("ephemeral",
				"--spring.ssl.bundle.pem.development-ca.truststore.certificate=" + ca().toUri(),
				"--mtls-authz.client.certificate.ephemeral.validity=40s",
				"--mtls-authz.client.certificate.ephemeral.renew-before=30s")) {
			RestClient rest = context.getBean(MtlsClientAutoConfiguration.REST_CLIENT, RestClient.class);
			ClientCertificateSource certificate = context.getBean(ClientCertificateSource.class);
			IssuedCertificate first = certificate.current();

			JsonNode before = whoami(rest);
			String token = accessToken(context);
			JsonNode again = whoami(rest);

			assertThat(again.get("cnf")).isEqualTo(before.get("cnf"));
			assertThat(accessToken(context)).isEqualTo(token);
			Instant deadline = Instant.now().plusSeconds(30);
			while (certificate.current() == first && Instant.now().isBefore(deadline)) {
				Thread.sleep(500);
			}
			assertThat(certificate.current()).isNotSameAs(first);

			JsonNode renewed = whoami(rest);
			String rebound = X5tS256.of(certificate.current().certificate()).value();
			assertThat(renewed.get("cnf").get("x5t#S256").asString()).isEqualTo(rebound)
				.isNotEqualTo(before.get("cnf").get("x5t#S256").asString());
			assertThat(renewed.get("certificate").get("x5t#S256").asString()).isEqualTo(rebound);
			assertThat(accessToken(context)).isNotEqualTo(token);

			String body = context.getBean(MtlsClientAutoConfiguration.WEB_CLIENT, WebClient.class)
				.get()
				.uri(api + "/api/whoami")
				.retrieve()
				.bodyToMono(String.class)
				.block(Duration.ofSeconds(30));
			assertThat(JsonMapper.shared().readTree(body).get("cnf").get("x5t#S256").asString()).isEqualTo(rebound);
		}
	}

	@Test
	void selfSignedTlsClientAuthWithTheRegisteredCertificateGetsABoundToken() throws Exception {
		try (ConfigurableApplicationContext context = client("tls-client-auth",
				"--mtls-authz.client.client-id=demo-selfsigned-client",
				"--mtls-authz.client.authentication-method=self_signed_tls_client_auth",
				"--mtls-authz.client.certificate.bundle=self-signed",
				bundle("self-signed", DevelopmentCertificates.DEMO_SELF_SIGNED_CLIENT)[0],
				bundle("self-signed", DevelopmentCertificates.DEMO_SELF_SIGNED_CLIENT)[1],
				bundle("self-signed", DevelopmentCertificates.DEMO_SELF_SIGNED_CLIENT)[2])) {
			JsonNode whoami = whoami(context.getBean(RestClient.class));

			assertThat(whoami.get("client_id").asString()).isEqualTo("demo-selfsigned-client");
			assertThat(whoami.get("cnf").get("x5t#S256").asString())
				.isEqualTo(thumbprint(certificates.certificateFile(DevelopmentCertificates.DEMO_SELF_SIGNED_CLIENT)));
		}
	}

	@Test
	void clientSecretPostWithAnEphemeralCertificateGetsABoundToken() throws Exception {
		try (ConfigurableApplicationContext context = client("ephemeral",
				"--spring.ssl.bundle.pem.development-ca.truststore.certificate=" + ca().toUri(),
				"--mtls-authz.client.authentication-method=client_secret_post")) {
			JsonNode whoami = whoami(context.getBean(RestClient.class));

			assertThat(whoami.get("cnf").get("x5t#S256").asString())
				.isEqualTo(X5tS256.of(context.getBean(ClientCertificateSource.class).current().certificate()).value());
		}
	}

	/** Runs the example's {@code main} as a user would, and reads what it printed. */
	private static JsonNode runExample(String profile, String... settings) throws Exception {
		PrintStream console = System.out;
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
		try {
			WhoAmIClient.main(arguments(profile, settings));
		}
		finally {
			System.setOut(console);
		}
		String printed = out.toString(StandardCharsets.UTF_8);
		String json = printed.lines()
			.filter(line -> line.startsWith("{"))
			.reduce((first, last) -> last)
			.orElseThrow(() -> new AssertionError("The example printed no JSON:\n" + printed + logs()));
		return JsonMapper.shared().readTree(json);
	}

	private static ConfigurableApplicationContext client(String profile, String... settings) {
		return new SpringApplicationBuilder(WhoAmIClient.class).run(arguments(profile, settings));
	}

	private static String[] arguments(String profile, String... settings) {
		List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=" + profile, "--api=" + api,
				"--mtls-authz.client.issuer-uri=" + issuer, "--spring.main.banner-mode=off",
				"--logging.level.root=warn"));
		arguments.addAll(List.of(settings));
		return arguments.toArray(String[]::new);
	}

	/** The PEM files of a development certificate as the SSL bundle {@code bundle}. */
	private static String[] bundle(String bundle, String name) {
		String prefix = "--spring.ssl.bundle.pem." + bundle + ".";
		return new String[] { prefix + "keystore.certificate=" + certificates.certificateFile(name).toUri(),
				prefix + "keystore.private-key=" + certificates.keyFile(name).toUri(),
				prefix + "truststore.certificate=" + ca().toUri() };
	}

	private static JsonNode whoami(RestClient rest) {
		return JsonMapper.shared().readTree(rest.get().uri(api + "/api/whoami").retrieve().body(String.class));
	}

	private static String accessToken(ConfigurableApplicationContext context) {
		OAuth2AuthorizedClient client = context.getBean(MtlsAuthorizedClients.class)
			.authorizedClients()
			.loadAuthorizedClient("mtls-authz", "demo-secret-client");
		return client.getAccessToken().getTokenValue();
	}

	private static String thumbprint(Path certificateFile) {
		return X5tS256.of(Pem.readCertificates(certificateFile).get(0)).value();
	}

	private static Path ca() {
		return servers.ca();
	}

	private static String logs() {
		return servers.logs();
	}

}
