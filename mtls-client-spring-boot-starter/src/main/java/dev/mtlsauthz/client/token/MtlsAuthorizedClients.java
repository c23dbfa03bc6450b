package dev.mtlsauthz.client.token;

import java.util.List;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.AbstractOAuth2AuthorizationGrantRequest;
import org.springframework.security.oauth2.client.endpoint.AbstractRestClientOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

import dev.mtlsauthz.client.tls.MtlsClientHttpRequestFactory;
import dev.mtlsauthz.client.tls.MtlsConnections;

/**
 * Spring Security's OAuth 2.0 client, set up for RFC 8705: the token response clients
 * send their requests over {@link MtlsConnections} (so the token endpoint's alias sees
 * the certificate the token is bound to), know {@code tls_client_auth},
 * {@code self_signed_tls_client_auth} and {@code private_key_jwt}
 * ({@link MutualTlsClientAuthenticationParametersConverter}), and record each token's
 * certificate ({@link CertificateBoundTokenResponseClient}); the manager gets, caches and
 * renews tokens with the {@code client_credentials} or {@code refresh_token} grant, and
 * again when the certificate was renewed ({@link RebindingAuthorizedClientProvider}).
 * <p>
 * Authorized clients are kept in memory: they are safe to lose, since a restarted client
 * requests a new token.
 */
public final class MtlsAuthorizedClients {

	private final ClientRegistrationRepository registrations;

	private final OAuth2AuthorizedClientService authorizedClients;

	private final OAuth2AuthorizedClientManager manager;

	private final Authentication principal;

	/**
	 * @param registrations where the client's registration is found
	 * @param clientId whose tokens these are: the client's own, whichever user is signed
	 * in, since the {@code client_credentials} grant acts for the client
	 * @param signingKey the key of {@code private_key_jwt} assertions, or {@code null}
	 */
	public MtlsAuthorizedClients(ClientRegistrationRepository registrations, String clientId,
			MtlsConnections connections, Function<ClientRegistration, JWK> signingKey) {
		this.registrations = registrations;
		this.authorizedClients = new InMemoryOAuth2AuthorizedClientService(registrations);
		this.principal = UsernamePasswordAuthenticationToken.authenticated(clientId, null, List.of());
		ClientHttpRequestFactory requestFactory = new MtlsClientHttpRequestFactory(connections);
		RestClientClientCredentialsTokenResponseClient clientCredentials = new RestClientClientCredentialsTokenResponseClient();
		configure(clientCredentials, requestFactory, signingKey);
		RestClientRefreshTokenTokenResponseClient refreshToken = new RestClientRefreshTokenTokenResponseClient();
		configure(refreshToken, requestFactory, signingKey);
		OAuth2AuthorizedClientProvider provider = OAuth2AuthorizedClientProviderBuilder.builder()
			.clientCredentials(grant -> grant
				.accessTokenResponseClient(new CertificateBoundTokenResponseClient<>(clientCredentials, connections)))
			.refreshToken(grant -> grant
				.accessTokenResponseClient(new CertificateBoundTokenResponseClient<>(refreshToken, connections)))
			.build();
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(new RebindingAuthorizedClientProvider(provider, connections));
		this.manager = manager;
	}

	public ClientRegistrationRepository registrations() {
		return registrations;
	}

	public OAuth2AuthorizedClientService authorizedClients() {
		return authorizedClients;
	}

	public OAuth2AuthorizedClientManager manager() {
		return manager;
	}

	/** Whom the client's tokens are cached for. */
	public Authentication principal() {
		return principal;
	}

	/**
	 * Spring Security's {@code RestClient} interceptor for {@code registrationId}: it
	 * adds the client's bearer token to every request, and drops a token the API answers
	 * {@code invalid_token} to, so that the next request gets a new one.
	 */
	public OAuth2ClientHttpRequestInterceptor interceptor(OAuth2AuthorizedClientManager manager,
			String registrationId) {
		OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(manager);
		interceptor.setClientRegistrationIdResolver(request -> registrationId);
		interceptor.setPrincipalResolver(request -> principal);
		interceptor.setAuthorizationFailureHandler(
				OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClients));
		return interceptor;
	}

	private static <T extends AbstractOAuth2AuthorizationGrantRequest> void configure(
			AbstractRestClientOAuth2AccessTokenResponseClient<T> client, ClientHttpRequestFactory requestFactory,
			Function<ClientRegistration, JWK> signingKey) {
		// The RestClient Spring Security builds itself, over this request factory.
		client.setRestClient(
				RestClient.builder().requestFactory(requestFactory).configureMessageConverters(converters -> {
					converters.addCustomConverter(new FormHttpMessageConverter());
					converters.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
				}).defaultStatusHandler(new OAuth2ErrorResponseErrorHandler()).build());
		client.addParametersConverter(new MutualTlsClientAuthenticationParametersConverter<>(signingKey));
	}

}
