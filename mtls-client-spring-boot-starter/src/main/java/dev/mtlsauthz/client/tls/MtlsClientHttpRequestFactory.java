package dev.mtlsauthz.client.tls;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.AbstractBufferingClientHttpRequest;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * The {@link ClientHttpRequestFactory} of the client's {@code RestClient}s: each request
 * goes out over the {@link MtlsConnection} that presents the certificate its bearer token
 * is bound to, or the current one (token requests, unknown tokens). The choice waits
 * until the request is executed, because Spring Security's
 * {@code OAuth2ClientHttpRequestInterceptor} adds the token after the request is created.
 */
public final class MtlsClientHttpRequestFactory implements ClientHttpRequestFactory {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

	private final MtlsConnections connections;

	public MtlsClientHttpRequestFactory(MtlsConnections connections) {
		this.connections = connections;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) {
		return new BoundRequest(uri, httpMethod);
	}

	private final class BoundRequest extends AbstractBufferingClientHttpRequest {

		private final URI uri;

		private final HttpMethod method;

		BoundRequest(URI uri, HttpMethod method) {
			this.uri = uri;
			this.method = method;
		}

		@Override
		public HttpMethod getMethod() {
			return method;
		}

		@Override
		public URI getURI() {
			return uri;
		}

		@Override
		protected ClientHttpResponse executeInternal(HttpHeaders headers, byte[] body) throws IOException {
			MtlsConnection connection = connections.forAuthorization(headers.getFirst(HttpHeaders.AUTHORIZATION));
			JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(connection.httpClient());
			factory.setReadTimeout(READ_TIMEOUT);
			ClientHttpRequest request = factory.createRequest(uri, method);
			request.getHeaders().putAll(headers);
			request.getAttributes().putAll(getAttributes());
			if (body.length > 0) {
				request.getBody().write(body);
			}
			return request.execute();
		}

	}

}
