package dev.mtlsauthz.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.mtlsauthz.certs.Pem;

/**
 * One of the servers, started from its executable jar in a child JVM exactly as
 * {@code ./demo.sh} starts it ({@code java -jar ... --name=value}), with its output in a
 * log file that a failing test prints.
 */
public final class ServerProcess {

	private final String name;

	private final Process process;

	private final Path log;

	private ServerProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	public static ServerProcess start(String name, Path jar, Path workingDirectory, Path logDirectory, String... args)
			throws IOException {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: build the servers first (./mvnw -B verify from the "
					+ "repository root packages them before the modules whose tests start them)");
		}
		Files.createDirectories(logDirectory);
		Path log = logDirectory.resolve(name + ".log");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
						"-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		ServerProcess server = new ServerProcess(name, process, log);
		// A test JVM that dies without running @AfterAll must not leave servers holding
		// ports.
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		return server;
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Polls {@code /actuator/health} over HTTPS trusting only {@code ca} until it answers
	 * 200 UP.
	 */
	public void awaitHealthy(URI baseUrl, Path ca, Duration timeout) throws Exception {
		HttpClient http = HttpClient.newBuilder()
			.sslContext(trusting(ca))
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited with status " + process.exitValue() + ":\n" + tail());
			}
			try {
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(500);
		}
		throw new IllegalStateException(name + " was not healthy after " + timeout + ":\n" + tail());
	}

	/** Stops each of {@code servers} that was started, in order. */
	public static void stop(ServerProcess... servers) throws InterruptedException {
		for (ServerProcess server : servers) {
			if (server != null) {
				server.stop();
			}
		}
	}

	public void stop() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * Kills the process as {@code kill -9} does (SIGKILL): no shutdown hook runs, nothing
	 * is flushed or closed.
	 */
	public void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor(30, TimeUnit.SECONDS);
	}

	/** The end of the server's log, for a failure message. */
	public String tail() {
		List<String> lines = lines();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}

	/** Every line the server has logged so far. */
	public List<String> lines() {
		try {
			return Files.readAllLines(log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static SSLContext trusting(Path ca) throws Exception {
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		trustStore.load(null, null);
		trustStore.setCertificateEntry("ca", Pem.readCertificates(ca).get(0));
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trustStore);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
