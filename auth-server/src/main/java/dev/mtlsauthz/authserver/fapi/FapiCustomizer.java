package dev.mtlsauthz.authserver.fapi;

import java.util.function.Consumer;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

import dev.mtlsauthz.authserver.jarm.AuthorizationResponses;
import dev.mtlsauthz.authserver.requestobjects.RequestObjects;

/**
 * Where the FAPI 2.0 Security Profile and its building blocks plug into Spring
 * Authorization Server, one place for all of them:
 * <ul>
 * <li>the authorization endpoint: the refusal of requests that should have been pushed,
 * request objects by value ({@link RequestObjects}), the checks of {@link Fapi2Profile}
 * and of the response mode after Spring Authorization Server's own, 60-second codes for
 * clients under the profile, and every response with {@code iss} in the mode the client
 * asked for ({@link AuthorizationResponses});</li>
 * <li>the PAR endpoint: request objects and the same checks;</li>
 * <li>the introspection endpoint: JWT responses on request
 * ({@link JwtIntrospectionResponses});</li>
 * <li>after client authentication at every endpoint: {@link Fapi2ClientRequests}.</li>
 * </ul>
 * Apply it after the {@code web} package's customizer: its authorization error handler
 * takes the place of the one there, to which it hands the errors that cannot go back to
 * the client.
 * <p>
 * A bean, but not a {@code Customizer} bean (see {@code SecurityConfiguration}).
 */
public class FapiCustomizer {

	private final Fapi2Profile profile;

	private final RequestObjects requestObjects;

	private final AuthorizationResponses responses;

	private final JwtIntrospectionResponses introspection;

	private final Fapi2ClientRequests clientRequests;

	private final RegisteredClientRepository clients;

	FapiCustomizer(Fapi2Profile profile, RegisteredClientRepository clients, RequestObjects requestObjects,
			AuthorizationResponses responses, JwtIntrospectionResponses introspection,
			Fapi2ClientRequests clientRequests) {
		this.profile = profile;
		this.clients = clients;
		this.requestObjects = requestObjects;
		this.responses = responses;
		this.introspection = introspection;
		this.clientRequests = clientRequests;
	}

	/**
	 * Sender-constrained access tokens for clients under the profile
	 * ({@link Fapi2Profile#senderConstrainedAccessTokens()}), for the token generator.
	 */
	public ObjectPostProcessor<OAuth2TokenGenerator<?>> tokenGeneration() {
		return profile.senderConstrainedAccessTokens();
	}

	public void customize(HttpSecurity http, OAuth2AuthorizationServerConfigurer server) {
		Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> validator = new OAuth2AuthorizationCodeRequestAuthenticationValidator()
			.andThen(AuthorizationResponses.responseModeValidator())
			.andThen(profile.authorizationRequestValidator());
		server.authorizationEndpoint(authorization -> authorization
			// Before Spring Authorization Server's converters, which the web package
			// wraps.
			.authorizationRequestConverter(profile.pushedRequestsRequired(clients))
			.authorizationRequestConverter(requestObjects.authorizationRequests())
			.authenticationProviders(providers -> providers.forEach(provider -> {
				if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider request) {
					request.setAuthenticationValidator(validator);
					request.setAuthorizationCodeGenerator(profile.authorizationCodes());
				}
				if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider consent) {
					consent.setAuthorizationCodeGenerator(profile.authorizationCodes());
				}
			}))
			.authorizationResponseHandler(responses)
			.errorResponseHandler(responses))
			.pushedAuthorizationRequestEndpoint(
					par -> par.pushedAuthorizationRequestConverter(requestObjects.pushedAuthorizationRequests())
						.authenticationProviders(providers -> providers.forEach(provider -> {
							if (provider instanceof OAuth2PushedAuthorizationRequestAuthenticationProvider pushed) {
								pushed.setAuthenticationValidator(validator);
							}
						})))
			.tokenIntrospectionEndpoint(endpoint -> endpoint.introspectionResponseHandler(introspection));
		// After every client authentication, before any endpoint's work.
		http.addFilterBefore(clientRequests, AuthorizationFilter.class);
	}

}
