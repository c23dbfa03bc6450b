package dev.mtlsauthz.democlient;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.Pem;
import dev.mtlsauthz.client.tls.PresentedCertificateKeyManager;

/**
 * An HTTPS client that trusts only the given CA certificates and presents one client
 * certificate, or none. Each identity gets its own {@link SSLContext}, so no TLS session
 * (and with it no certificate) is ever resumed by a request made as another identity.
 */
final class TlsClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient http;

	private TlsClient(HttpClient http) {
		this.http = http;
	}

	static TlsClient presenting(IssuedCertificate certificate, List<X509Certificate> trustAnchors) {
		return new TlsClient(
				httpClient(new KeyManager[] { new PresentedCertificateKeyManager(certificate) }, trustAnchors));
	}

	static TlsClient withoutCertificate(List<X509Certificate> trustAnchors) {
		return new TlsClient(httpClient(null, trustAnchors));
	}

	/** Reads the CA certificates a server certificate must chain to. */
	static List<X509Certificate> trustAnchors(Path pemFile) {
		List<X509Certificate> anchors = Pem.readCertificates(pemFile);
		if (anchors.isEmpty()) {
			throw new IllegalArgumentException(pemFile + " holds no certificate");
		}
		return anchors;
	}

	HttpResponse<String> get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
		headers.forEach(request::header);
		return send(request.header("Accept", "application/json").build());
	}

	HttpResponse<String> postForm(URI uri, Map<String, String> form, Map<String, String> headers)
			throws IOException, InterruptedException {
		String body = form.entrySet()
			.stream()
			.map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
			.collect(Collectors.joining("&"));
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(TIMEOUT)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json");
		headers.forEach(request::header);
		return send(request.build());
	}

	static Optional<String> header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name);
	}

	/**
	 * The JDK's {@link ConnectException} often has no message; this one names the address
	 * nobody answered at.
	 */
	private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (ConnectException ex) {
			URI uri = request.uri();
			ConnectException named = new ConnectException("nothing answers at " + uri.getHost() + ":" + uri.getPort());
			named.initCause(ex);
			throw named;
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static HttpClient httpClient(KeyManager[] keyManagers, List<X509Certificate> trustAnchors) {
		try {
			KeyStore trustStore = KeyStore.getInstance("PKCS12");
			trustStore.load(null, null);
			for (int i = 0; i < trustAnchors.size(); i++) {
				trustStore.setCertificateEntry("anchor-" + i, trustAnchors.get(i));
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trustStore);
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(keyManagers, trust.getTrustManagers(), null);
			return HttpClient.newBuilder()
				.sslContext(tls)
				.connectTimeout(Duration.ofSeconds(10))
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Cannot set up TLS: " + ex.getMessage(), ex);
		}
	}

}
