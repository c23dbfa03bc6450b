package dev.mtlsauthz.authserver.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

/**
 * A real HTTPS server for the URLs clients register ({@code jwks_uri}), on
 * {@link #ADDRESS}, the one loopback address the test configuration allows the server to
 * fetch from ({@code authserver.fetch.allowed-networks}); {@code 127.0.0.1} and
 * {@code localhost} stay refused. Its certificate, from the test CA, is valid for
 * {@code 127.0.0.2} and {@code jwks.test}.
 * <ul>
 * <li>{@code /jwks}: {@link #published()}, counted in {@link #fetches()};</li>
 * <li>{@code /redirect}: 302 to {@code /jwks};</li>
 * <li>{@code /big}: a megabyte, with a Content-Length; {@code /big-chunked}: the same
 * without;</li>
 * <li>{@code /slow}: a byte every 200 ms for a minute.</li>
 * </ul>
 */
public final class HttpsTestServer implements AutoCloseable {

	public static final String ADDRESS = "127.0.0.2";

	private static IssuedCertificate certificate;

	private final HttpsServer server;

	private final AtomicReference<String> published = new AtomicReference<>("{\"keys\":[]}");

	private final AtomicInteger fetches = new AtomicInteger();

	public HttpsTestServer() throws IOException {
		server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(ADDRESS), 0), 0);
		server.setHttpsConfigurator(new HttpsConfigurator(Tls.serverContext(certificate())));
		server.setExecutor(Executors.newCachedThreadPool());
		server.createContext("/jwks", exchange -> {
			fetches.incrementAndGet();
			byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.createContext("/redirect", exchange -> {
			exchange.getResponseHeaders().add("Location", url("/jwks"));
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		server.createContext("/big", exchange -> {
			byte[] body = new byte[1024 * 1024];
			exchange.sendResponseHeaders(200, body.length);
			write(exchange.getResponseBody(), body);
			exchange.close();
		});
		server.createContext("/big-chunked", exchange -> {
			exchange.sendResponseHeaders(200, 0);
			write(exchange.getResponseBody(), new byte[1024 * 1024]);
			exchange.close();
		});
		server.createContext("/slow", exchange -> {
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (int i = 0; i < 300; i++) {
					out.write('{');
					out.flush();
					Thread.sleep(200);
				}
			}
			catch (IOException | InterruptedException ex) {
				// The fetcher hung up, as it should.
			}
			exchange.close();
		});
		server.start();
	}

	private static synchronized IssuedCertificate certificate() {
		if (certificate == null) {
			certificate = TestPki.issued(CertificateBuilder.subject("CN=jwks test server")
				.serverAuth()
				.ipAddresses(ADDRESS)
				.dnsNames("jwks.test")
				.validFor(Duration.ofDays(1)));
		}
		return certificate;
	}

	public String url(String path) {
		return "https://" + ADDRESS + ":" + port() + path;
	}

	public int port() {
		return server.getAddress().getPort();
	}

	public void publish(String jwks) {
		published.set(jwks);
	}

	public String published() {
		return published.get();
	}

	public int fetches() {
		return fetches.get();
	}

	@Override
	public void close() {
		server.stop(0);
	}

	private static void write(OutputStream out, byte[] body) {
		try (out) {
			out.write(body);
		}
		catch (IOException ex) {
			// The fetcher stopped reading, as it should.
		}
	}

}
