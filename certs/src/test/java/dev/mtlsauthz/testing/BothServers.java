package dev.mtlsauthz.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.mtlsauthz.certs.DevelopmentCertificates;

/**
 * The authorization server and the resource API, each started from its executable jar
 * ({@link ServerProcess}) as {@code ./demo.sh} starts them, on free ports, in a scratch
 * working directory with its own development PKI and databases. The jars are named by the
 * system properties {@code auth-server.jar} and {@code resource-api.jar}, which the
 * surefire configuration of a module that uses this sets.
 */
public final class BothServers implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

	private final DevelopmentCertificates certificates;

	private final ServerProcess authServer;

	private final ServerProcess resourceApi;

	private final String issuer;

	private final String mtlsBase;

	private final String api;

	private BothServers(DevelopmentCertificates certificates, ServerProcess authServer, ServerProcess resourceApi,
			String issuer, String mtlsBase, String api) {
		this.certificates = certificates;
		this.authServer = authServer;
		this.resourceApi = resourceApi;
		this.issuer = issuer;
		this.mtlsBase = mtlsBase;
		this.api = api;
	}

	/**
	 * Starts both and waits until both report healthy.
	 * @param resourceApiArguments settings of the resource API beyond its ports and
	 * issuer
	 */
	public static BothServers start(Path workingDirectory, String... resourceApiArguments) throws Exception {
		DevelopmentCertificates certificates = new DevelopmentCertificates(workingDirectory.resolve("certs/generated"));
		certificates.ensure();
		int authPort = ServerProcess.freePort();
		int mtlsPort = ServerProcess.freePort();
		int apiPort = ServerProcess.freePort();
		String issuer = "https://localhost:" + authPort;
		String api = "https://localhost:" + apiPort;
		Path logs = Path.of("target", "server-logs");
		ServerProcess authServer = ServerProcess.start("auth-server", jar("auth-server.jar"), workingDirectory, logs,
				"--server.port=" + authPort, "--authserver.issuer=" + issuer, "--authserver.mtls.port=" + mtlsPort);
		List<String> apiArguments = new ArrayList<>(
				List.of("--server.port=" + apiPort, "--resourceapi.issuer-uri=" + issuer));
		apiArguments.addAll(List.of(resourceApiArguments));
		ServerProcess resourceApi = ServerProcess.start("resource-api", jar("resource-api.jar"), workingDirectory, logs,
				apiArguments.toArray(String[]::new));
		BothServers servers = new BothServers(certificates, authServer, resourceApi, issuer,
				"https://localhost:" + mtlsPort, api);
		try {
			authServer.awaitHealthy(URI.create(issuer), servers.ca(), STARTUP_TIMEOUT);
			resourceApi.awaitHealthy(URI.create(api), servers.ca(), STARTUP_TIMEOUT);
		}
		catch (Exception | Error ex) {
			servers.close();
			throw ex;
		}
		return servers;
	}

	/** The development PKI both servers use. */
	public DevelopmentCertificates certificates() {
		return certificates;
	}

	/** The development CA's certificate file. */
	public Path ca() {
		return certificates.certificateFile(DevelopmentCertificates.CA);
	}

	public String issuer() {
		return issuer;
	}

	/** The base URL of the authorization server's mTLS endpoint aliases. */
	public String mtlsBase() {
		return mtlsBase;
	}

	/** The resource API's base URL. */
	public String api() {
		return api;
	}

	/** The end of both servers' logs, for a failure message. */
	public String logs() {
		return "\n--- auth-server log ---\n" + authServer.tail() + "\n--- resource-api log ---\n" + resourceApi.tail();
	}

	@Override
	public void close() throws InterruptedException {
		resourceApi.stop();
		authServer.stop();
	}

	private static Path jar(String property) {
		return Path.of(System.getProperty(property, "missing-system-property-" + property));
	}

}
