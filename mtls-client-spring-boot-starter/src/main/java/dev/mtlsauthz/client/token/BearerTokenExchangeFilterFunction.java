package dev.mtlsauthz.client.token;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The {@code WebClient} twin of Spring Security's
 * {@code OAuth2ClientHttpRequestInterceptor}: the client's bearer token from the
 * {@link OAuth2AuthorizedClientManager} on every request, and a {@code 401} from the API
 * drops it so that the next request gets a new one. Spring Security's
 * {@code ServletOAuth2AuthorizedClientExchangeFilterFunction} is not used because it adds
 * no token outside a servlet request (a scheduled job, a command-line application), where
 * service clients call APIs. The manager blocks, so it runs on the bounded elastic
 * scheduler.
 */
public final class BearerTokenExchangeFilterFunction implements ExchangeFilterFunction {

	private final OAuth2AuthorizedClientManager manager;

	private final OAuth2AuthorizedClientService authorizedClients;

	private final String registrationId;

	private final Authentication principal;

	public BearerTokenExchangeFilterFunction(OAuth2AuthorizedClientManager manager,
			OAuth2AuthorizedClientService authorizedClients, String registrationId, Authentication principal) {
		this.manager = manager;
		this.authorizedClients = authorizedClients;
		this.registrationId = registrationId;
		this.principal = principal;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		OAuth2AuthorizeRequest authorize = OAuth2AuthorizeRequest.withClientRegistrationId(registrationId)
			.principal(principal)
			.build();
		return Mono.fromCallable(() -> manager.authorize(authorize))
			.subscribeOn(Schedulers.boundedElastic())
			.map(client -> ClientRequest.from(request)
				.headers(headers -> headers.setBearerAuth(client.getAccessToken().getTokenValue()))
				.build())
			.defaultIfEmpty(request)
			.flatMap(next::exchange)
			.doOnNext(response -> {
				if (response.statusCode().isSameCodeAs(HttpStatus.UNAUTHORIZED)) {
					authorizedClients.removeAuthorizedClient(registrationId, principal.getName());
				}
			});
	}

}
