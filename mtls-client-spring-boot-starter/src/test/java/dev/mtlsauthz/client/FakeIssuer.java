package dev.mtlsauthz.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import dev.mtlsauthz.certs.DevelopmentCertificates;
import dev.mtlsauthz.mtls.AcceptAnyClientCertificateTrustManager;
import dev.mtlsauthz.mtls.X5tS256;
import dev.mtlsauthz.testing.TestPki;

/**
 * An authorization server and an API in one HTTPS server for the starter's tests: the
 * metadata names a token endpoint that refuses every request and its
 * {@code mtls_endpoint_aliases} entry, which issues tokens; every connection is asked for
 * a certificate (any is accepted), and each request records the certificate it came with.
 */
final class FakeIssuer implements AutoCloseable {

	private final HttpsServer server;

	private final String issuer;

	private final AtomicInteger tokens = new AtomicInteger();

	private final List<Request> tokenRequests = new CopyOnWriteArrayList<>();

	private final List<Request> apiRequests = new CopyOnWriteArrayList<>();

	FakeIssuer() {
		try {
			server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			SSLContext tls = serverContext();
			server.setHttpsConfigurator(new HttpsConfigurator(tls) {
				@Override
				public void configure(HttpsParameters parameters) {
					SSLParameters ssl = tls.getDefaultSSLParameters();
					ssl.setWantClientAuth(true);
					parameters.setSSLParameters(ssl);
				}
			});
			issuer = "https://localhost:" + server.getAddress().getPort();
			server.createContext("/.well-known/oauth-authorization-server",
					exchange -> respond(exchange, 200,
							Map.of("issuer", issuer, "token_endpoint", issuer + "/oauth2/token", "jwks_uri",
									issuer + "/oauth2/jwks", "mtls_endpoint_aliases",
									Map.of("token_endpoint", issuer + "/mtls/oauth2/token"))));
			server.createContext("/oauth2/token", exchange -> respond(exchange, 400,
					Map.of("error", "invalid_request", "error_description", "use the mTLS alias")));
			server.createContext("/mtls/oauth2/token", exchange -> {
				tokenRequests.add(Request.of(exchange));
				respond(exchange, 200, Map.of("access_token", "token-" + tokens.incrementAndGet(), "token_type",
						"Bearer", "expires_in", 300));
			});
			server.createContext("/api", exchange -> {
				Request request = Request.of(exchange);
				apiRequests.add(request);
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("authorization", request.authorization());
				body.put("x5t#S256", request.certificate() != null ? X5tS256.of(request.certificate()).value() : null);
				respond(exchange, 200, body);
			});
			server.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot start the fake issuer", ex);
		}
	}

	String issuer() {
		return issuer;
	}

	List<Request> tokenRequests() {
		return tokenRequests;
	}

	List<Request> apiRequests() {
		return apiRequests;
	}

	@Override
	public void close() {
		server.stop(0);
	}

	private static SSLContext serverContext() throws Exception {
		KeyStore keys = TestPki.server(DevelopmentCertificates.AUTH_SERVER).toKeyStore("server", "test".toCharArray());
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(keys, "test".toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), new TrustManager[] { new AcceptAnyClientCertificateTrustManager() },
				null);
		return context;
	}

	private static void respond(HttpExchange exchange, int status, Map<String, Object> json) {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			byte[] body = JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, body.length);
			exchange.getResponseBody().write(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What a request carried: its {@code Authorization} header, its form parameters (a
	 * name may repeat) and the client certificate of its connection.
	 */
	record Request(String authorization, List<Map.Entry<String, String>> form, X509Certificate certificate) {

		static Request of(HttpExchange exchange) throws IOException {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			List<Map.Entry<String, String>> form = new ArrayList<>();
			for (String pair : body.split("&")) {
				if (!pair.isEmpty()) {
					String[] nameValue = pair.split("=", 2);
					form.add(Map.entry(decode(nameValue[0]), nameValue.length > 1 ? decode(nameValue[1]) : ""));
				}
			}
			X509Certificate certificate = null;
			try {
				certificate = (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
			}
			catch (javax.net.ssl.SSLPeerUnverifiedException ex) {
				// No certificate on this connection.
			}
			return new Request(exchange.getRequestHeaders().getFirst("Authorization"), form, certificate);
		}

		List<String> values(String name) {
			return form.stream().filter(entry -> entry.getKey().equals(name)).map(Map.Entry::getValue).toList();
		}

		private static String decode(String value) {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}

	}

}
