package dev.mtlsauthz.authserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.restassured.response.Response;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.Pem;
import dev.mtlsauthz.testing.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * openid-client, a third-party certified OpenID Connect client, runs the flows of
 * {@code interop/openid-client/flows.mjs} against this server with no workaround: the
 * authorization code flow with PKCE, userinfo, refresh, the device flow of a public
 * client with {@code openid}, and RP-initiated logout with the sign-in ID token, every
 * access token bound to the client's certificate at the mTLS aliases. This test plays the
 * person: it signs alice in, consents and approves the device through the pages. Skipped
 * with a message where Node.js or the package is missing.
 */
class OpenIdClientTest extends AuthServerIntegrationTest {

	private static final Path SCRIPT = Path.of("..", "interop", "openid-client").toAbsolutePath().normalize();

	private static final String NATIVE_CLIENT = "openid-client-native";

	private static final String DEVICE_CLIENT = "openid-client-device";

	private static final String REDIRECT_URI = "http://127.0.0.1:53682/callback";

	private static final String POST_LOGOUT_REDIRECT_URI = "http://127.0.0.1:53682/signed-out";

	private final UserSession session = new UserSession(issuer());

	@Test
	void openIdClientRunsCodeWithPkceRefreshDeviceFlowAndLogoutWithBoundTokens(@TempDir Path files) throws Exception {
		Assumptions.assumeTrue(Files.isDirectory(SCRIPT.resolve("node_modules/openid-client")) && nodeAvailable(),
				"Skipped: needs Node.js 20+ and the package (cd interop/openid-client && npm ci); .ci/run installs it");
		register(Map.of("client_id", NATIVE_CLIENT, "client_name", "openid-client native app",
				"token_endpoint_auth_method", "none", "require_pkce", true, "grant_types",
				List.of("authorization_code", "refresh_token"), "redirect_uris", List.of("http://127.0.0.1/callback"),
				"post_logout_redirect_uris", List.of(POST_LOGOUT_REDIRECT_URI), "scope", "openid profile api.read",
				"require_consent", true));
		register(Map.of("client_id", DEVICE_CLIENT, "client_name", "openid-client device", "token_endpoint_auth_method",
				"none", "grant_types", List.of("urn:ietf:params:oauth:grant-type:device_code", "refresh_token"),
				"scope", "openid api.read", "require_consent", true));
		IssuedCertificate certificate = TestPki.ephemeral();
		Files.writeString(files.resolve("client.crt"), Pem.encode(certificate.certificate()));
		Files.writeString(files.resolve("client.key"), Pem.encode(certificate.privateKey()));

		ProcessBuilder flows = new ProcessBuilder("node", "flows.mjs").directory(SCRIPT.toFile())
			.redirectErrorStream(true);
		flows.environment()
			.putAll(Map.of("ISSUER", issuer(), "CA_FILE", TestPki.file("ca.crt").toString(), "CERT_FILE",
					files.resolve("client.crt").toString(), "KEY_FILE", files.resolve("client.key").toString(),
					"NATIVE_CLIENT_ID", NATIVE_CLIENT, "REDIRECT_URI", REDIRECT_URI, "POST_LOGOUT_REDIRECT_URI",
					POST_LOGOUT_REDIRECT_URI, "DEVICE_CLIENT_ID", DEVICE_CLIENT));
		Process node = flows.start();
		// The device flow waits 5 seconds between polls; nothing else should take long.
		CompletableFuture.delayedExecutor(3, TimeUnit.MINUTES).execute(node::destroyForcibly);
		List<String> transcript = run(node);

		assertThat(transcript).as("openid-client's transcript")
			.contains("DONE")
			.noneMatch(line -> line.startsWith("FAIL"))
			.anyMatch(line -> line.startsWith("OK authorization_code+pkce sub=alice"))
			.anyMatch(line -> line.startsWith("OK device_code sub=alice"))
			.contains("OK refresh_token", "OK logout");
	}

	/** Answers the script's questions as the person would, until it ends. */
	private List<String> run(Process node) throws Exception {
		List<String> transcript = new ArrayList<>();
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
				PrintWriter in = new PrintWriter(node.getOutputStream(), true, StandardCharsets.UTF_8)) {
			String line;
			while ((line = out.readLine()) != null) {
				transcript.add(line);
				if (line.startsWith("AUTHORIZE ")) {
					in.println(session.followToClient(line.substring("AUTHORIZE ".length())));
				}
				else if (line.startsWith("DEVICE ")) {
					approveDevice(line.split(" ")[1]);
					in.println("APPROVED");
				}
				else if (line.startsWith("LOGOUT ")) {
					Response logout = session.open(line.substring("LOGOUT ".length()));
					in.println(
							logout.statusCode() == 302 ? logout.header("Location") : "status " + logout.statusCode());
				}
			}
		}
		finally {
			if (!node.waitFor(30, TimeUnit.SECONDS)) {
				node.destroyForcibly();
			}
		}
		return transcript;
	}

	private void approveDevice(String userCode) {
		Response verification = session.get("/oauth2/device_verification", Map.of("user_code", userCode));
		String location = verification.header("Location");
		if (location.startsWith(issuer() + "/oauth2/consent")) {
			location = session.allow(session.open(location)).header("Location");
		}
		assertThat(location).isEqualTo(issuer() + "/activate?success");
	}

	private static boolean nodeAvailable() {
		try {
			Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
			return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

}
