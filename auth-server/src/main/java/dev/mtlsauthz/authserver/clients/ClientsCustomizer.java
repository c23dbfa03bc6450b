package dev.mtlsauthz.authserver.clients;

import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationProvider;

import dev.mtlsauthz.authserver.throttling.AuthenticationThrottle;

/**
 * What the clients' registrations change in Spring Authorization Server:
 * <ul>
 * <li>a request carries one client authentication (RFC 6749 section 2.3,
 * {@link OneClientAuthenticationPerRequest});</li>
 * <li>client assertions ({@code client_secret_jwt}, {@code private_key_jwt}, RFC 7523
 * section 3) are verified with the keys and audiences of {@link ClientAssertionDecoders},
 * and work once;</li>
 * <li>dynamic client registration (RFC 7591) reads bounded requests
 * ({@link ClientRegistrationRequestConverter}), reads and writes the RFC 8705 metadata
 * through {@link DynamicClientRegistration}, and answers errors without exception
 * messages ({@link ClientRegistrationErrorResponseHandler});</li>
 * <li>only clients granted introspection learn anything from it
 * ({@link IntrospectionPermission}).</li>
 * </ul>
 * The providers that check client secrets go through the {@link AuthenticationThrottle}.
 * Certificate-based client authentication is {@code CertificateBoundTokenIssuance}'s.
 * <p>
 * A bean, but not a {@code Customizer} bean: Spring Security applies every
 * {@code Customizer} bean to every filter chain ({@code HttpSecurityConfiguration}), and
 * this belongs to the authorization server's only; {@code SecurityConfiguration} applies
 * it there.
 */
public class ClientsCustomizer {

	private final ClientAssertionDecoders assertionDecoders;

	private final DynamicClientRegistration registration;

	private final EnabledClientsRepository clients;

	private final AuthenticationThrottle throttle;

	public ClientsCustomizer(ClientAssertionDecoders assertionDecoders, DynamicClientRegistration registration,
			EnabledClientsRepository clients, AuthenticationThrottle throttle) {
		this.assertionDecoders = assertionDecoders;
		this.registration = registration;
		this.clients = clients;
		this.throttle = throttle;
	}

	public void customize(OAuth2AuthorizationServerConfigurer server) {
		server.clientAuthentication(clientAuthentication -> clientAuthentication
			.authenticationConverter(new OneClientAuthenticationPerRequest(clients))
			.authenticationProviders(providers -> {
				providers.stream()
					.filter(JwtClientAssertionAuthenticationProvider.class::isInstance)
					.map(JwtClientAssertionAuthenticationProvider.class::cast)
					.forEach(provider -> provider.setJwtDecoderFactory(assertionDecoders));
				// Spring Authorization Server keeps one consumer of this list, so it is
				// throttled here too, last: the wrapped providers are no longer of their
				// own classes.
				providers.replaceAll(throttle::clientAuthentication);
			}))
			.clientRegistrationEndpoint(clientRegistration -> clientRegistration
				.clientRegistrationRequestConverter(new ClientRegistrationRequestConverter())
				.authenticationProviders(providers -> providers.stream()
					.filter(OAuth2ClientRegistrationAuthenticationProvider.class::isInstance)
					.map(OAuth2ClientRegistrationAuthenticationProvider.class::cast)
					.forEach(registration::configure))
				.errorResponseHandler(new ClientRegistrationErrorResponseHandler()))
			.tokenIntrospectionEndpoint(
					introspection -> introspection.authenticationProvider(new IntrospectionPermission()));
	}

}
