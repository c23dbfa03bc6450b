package dev.mtlsauthz.authserver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.X509ClientCertificateAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.web.authentication.X509ClientCertificateAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import dev.mtlsauthz.authserver.binding.CertificateBoundRefreshTokenProvider;
import dev.mtlsauthz.authserver.clients.ClientAssertionDecoders;
import dev.mtlsauthz.authserver.clients.ClientCertificateVerifier;
import dev.mtlsauthz.authserver.clients.ClientConfigurationEndpoint;
import dev.mtlsauthz.authserver.clients.DynamicClientRegistration;
import dev.mtlsauthz.authserver.clients.PublicClientRefreshAuthenticationProvider;
import dev.mtlsauthz.authserver.clients.RegisteredMethodClientAuthenticationConverter;
import dev.mtlsauthz.authserver.discovery.MtlsDiscoveryCustomizer;
import dev.mtlsauthz.authserver.errors.OAuth2ErrorResponseHandler;
import dev.mtlsauthz.authserver.users.UserInfoClaims;
import dev.mtlsauthz.authserver.users.UserProfile;
import dev.mtlsauthz.authserver.users.UserProfiles;
import dev.mtlsauthz.authserver.web.AuthorizationErrorResponse;
import dev.mtlsauthz.authserver.web.DeviceActivationController;
import dev.mtlsauthz.authserver.web.DeviceVerificationErrorResponse;
import dev.mtlsauthz.binding.CertificateBoundAccessTokens;

/**
 * The two filter chains, read top to bottom as the list of what this server changes in
 * Spring Authorization Server. Each change lives in a named class.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String CONSENT_PAGE = "/oauth2/consent";

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerEndpoints(HttpSecurity http, RegisteredClientRepository clients,
			OAuth2AuthorizationService authorizations, ClientCertificateVerifier certificateVerifier,
			MtlsDiscoveryCustomizer discovery, AuthorizationServerSettings settings,
			ClientAssertionDecoders assertionDecoders, DynamicClientRegistration registration, UserProfiles profiles)
			throws Exception {
		OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
		OAuth2ErrorResponseHandler errors = new OAuth2ErrorResponseHandler();
		X509ClientCertificateAuthenticationProvider certificateAuthentication = new X509ClientCertificateAuthenticationProvider(
				clients, authorizations);
		certificateAuthentication.setCertificateVerifier(certificateVerifier);

		http.securityMatcher(authorizationServer.getEndpointsMatcher())
			.with(authorizationServer, server -> server
				// RFC 8705 section 2: the registration decides the method, and the
				// application validates
				// the certificate (the mTLS connector accepts any at the TLS layer).
				.clientAuthentication(
						clientAuthentication -> clientAuthentication.authenticationConverters(converters -> {
							converters.removeIf(X509ClientCertificateAuthenticationConverter.class::isInstance);
							converters.add(0, new RegisteredMethodClientAuthenticationConverter(clients));
						}).authenticationProviders(providers -> {
							providers.removeIf(X509ClientCertificateAuthenticationProvider.class::isInstance);
							providers.add(0, certificateAuthentication);
							providers.add(0, new PublicClientRefreshAuthenticationProvider(clients));
							providers.stream()
								.filter(JwtClientAssertionAuthenticationProvider.class::isInstance)
								.map(JwtClientAssertionAuthenticationProvider.class::cast)
								.forEach(provider -> provider.setJwtDecoderFactory(assertionDecoders));
						}).errorResponseHandler(errors))
				// RFC 8705 section 4: public clients' refresh tokens are bound to their
				// certificate.
				.tokenEndpoint(token -> token
					.authenticationProviders(providers -> providers
						.replaceAll(provider -> provider instanceof OAuth2RefreshTokenAuthenticationProvider
								? new CertificateBoundRefreshTokenProvider(provider, authorizations) : provider))
					.errorResponseHandler(errors))
				// RFC 6749 section 5.2 errors, each with a description, at every endpoint
				// clients call.
				.tokenIntrospectionEndpoint(introspection -> introspection.errorResponseHandler(errors))
				.tokenRevocationEndpoint(revocation -> revocation.errorResponseHandler(errors))
				// RFC 8705 section 5: mtls_endpoint_aliases and truthful capability
				// lists.
				.authorizationServerMetadataEndpoint(metadata -> metadata
					.authorizationServerMetadataCustomizer(builder -> builder.claims(discovery::customize)))
				.oidc(oidc -> oidc
					.providerConfigurationEndpoint(configuration -> configuration
						.providerConfigurationCustomizer(builder -> builder
							// RFC 7591 registration is offered to OpenID clients too.
							.clientRegistrationEndpoint(settings.getIssuer() + settings.getClientRegistrationEndpoint())
							// OpenID Connect Discovery section 3: the standard claims we
							// serve.
							.scopes(scopes -> scopes.addAll(UserProfile.SCOPES))
							.claim("claims_supported", UserProfile.CLAIMS)
							.claims(discovery::customize)))
					.userInfoEndpoint(userInfo -> userInfo.userInfoMapper(new UserInfoClaims(profiles))))
				// Our consent page; errors that cannot go back to the client are
				// explained to the person.
				.authorizationEndpoint(authorization -> authorization.consentPage(CONSENT_PAGE)
					.errorResponseHandler(new AuthorizationErrorResponse()))
				// RFC 8628: the user enters the device's code on our activation page, at
				// the issuer.
				.deviceAuthorizationEndpoint(
						device -> device.verificationUri(settings.getIssuer() + DeviceActivationController.PATH)
							.errorResponseHandler(errors))
				.deviceVerificationEndpoint(verification -> verification.consentPage(CONSENT_PAGE)
					.deviceVerificationResponseHandler(
							new SimpleUrlAuthenticationSuccessHandler(DeviceActivationController.PATH + "?success"))
					.errorResponseHandler(new DeviceVerificationErrorResponse()))
				.pushedAuthorizationRequestEndpoint(par -> par.errorResponseHandler(errors))
				// RFC 7591 with the RFC 8705 metadata, read by the same code as the
				// seeded clients.
				.clientRegistrationEndpoint(
						clientRegistration -> clientRegistration.authenticationProviders(providers -> providers.stream()
							.filter(OAuth2ClientRegistrationAuthenticationProvider.class::isInstance)
							.map(OAuth2ClientRegistrationAuthenticationProvider.class::cast)
							.forEach(registration::configure))))
			.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
			// The userinfo endpoint is a resource like any other: a bound token needs its
			// certificate
			// (RFC 8705 section 3, checklist 21).
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
			.with(CertificateBoundAccessTokens.certificateBoundAccessTokens(), Customizer.withDefaults())
			.exceptionHandling(exceptions -> exceptions
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browserRequests())
				.defaultAuthenticationEntryPointFor(OAuth2ErrorResponseHandler.clientAuthenticationRequired(),
						request -> "POST".equals(request.getMethod())
								&& !request.getRequestURI().equals(settings.getOidcUserInfoEndpoint())
								&& !request.getRequestURI().equals(settings.getClientRegistrationEndpoint())));
		return http.build();
	}

	/**
	 * Only a browser asking for a page is sent to the login page; API clients get an
	 * OAuth error.
	 */
	private static MediaTypeRequestMatcher browserRequests() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
		return matcher;
	}

	/**
	 * The pages people use: sign-in ({@code POST /login} with {@code username},
	 * {@code password}, {@code _csrf}), consent, device activation, sign-out
	 * ({@code POST /logout}) and errors. The content security policy keeps every page to
	 * this server's own assets. Also the RFC 7592 client configuration endpoint, which is
	 * no page: it authenticates its bearer token itself and, having no cookies to
	 * protect, no CSRF token.
	 */
	@Bean
	@Order(2)
	SecurityFilterChain application(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(
				authorize -> authorize.requestMatchers("/actuator/health/**", "/error", "/css/**", "/login", "/logout")
					.permitAll()
					// RFC 7592: the endpoint checks the registration access token itself.
					.requestMatchers(ClientConfigurationEndpoint.PATH)
					.permitAll()
					.anyRequest()
					.authenticated())
			.csrf(csrf -> csrf.ignoringRequestMatchers(ClientConfigurationEndpoint.PATH))
			.formLogin(login -> login.loginPage("/login").permitAll())
			.logout(logout -> logout.logoutSuccessUrl("/login?logout"))
			.headers(headers -> headers.contentSecurityPolicy(
					csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")));
		return http.build();
	}

}
