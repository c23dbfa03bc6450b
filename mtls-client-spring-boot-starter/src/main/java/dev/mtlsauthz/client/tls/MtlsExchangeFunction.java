package dev.mtlsauthz.client.tls;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.ExchangeFunctions;

/**
 * The {@code WebClient} twin of {@link MtlsClientHttpRequestFactory}: it runs after the
 * filters (Spring Security's adds the bearer token) and sends each request over the
 * {@link MtlsConnection} whose certificate the token is bound to.
 */
public final class MtlsExchangeFunction implements ExchangeFunction {

	private final MtlsConnections connections;

	public MtlsExchangeFunction(MtlsConnections connections) {
		this.connections = connections;
	}

	@Override
	public Mono<ClientResponse> exchange(ClientRequest request) {
		MtlsConnection connection = connections.forAuthorization(request.headers().getFirst(HttpHeaders.AUTHORIZATION));
		return ExchangeFunctions.create(new JdkClientHttpConnector(connection.httpClient())).exchange(request);
	}

}
