package dev.mtlsauthz.bench.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.net.ssl.SSLContext;

/**
 * HTTP/1.1 with keep-alive through the JDK's {@link HttpClient}, one per virtual client
 * (its own connection and TLS identity), selected with {@code --transport jdk}. It costs
 * the load generator several times the CPU per request of {@link KeepAliveTransport}
 * (bench/README.md), CPU that the servers on the same machine then lack.
 */
public final class JdkHttpClientTransport implements Transport {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient client;

	public JdkHttpClientTransport(SSLContext context) {
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.sslContext(context)
			.connectTimeout(TIMEOUT)
			.executor(Runnable::run)
			.build();
	}

	@Override
	public Response send(Request request) throws IOException, InterruptedException {
		HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(TIMEOUT);
		request.headers().forEach(builder::header);
		builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(request.body()));
		HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.body());
	}

}
