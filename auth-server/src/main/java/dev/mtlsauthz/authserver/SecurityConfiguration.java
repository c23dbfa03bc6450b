package dev.mtlsauthz.authserver;

import java.util.Set;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import dev.mtlsauthz.authserver.audit.BindingRefusedAudit;
import dev.mtlsauthz.authserver.audit.TokenIssuedAudit;
import dev.mtlsauthz.authserver.clients.ClientCertificateVerifier;
import dev.mtlsauthz.authserver.clients.ClientConfigurationEndpoint;
import dev.mtlsauthz.authserver.clients.ClientsCustomizer;
import dev.mtlsauthz.authserver.device.DeviceFlowCustomizer;
import dev.mtlsauthz.authserver.discovery.DiscoveryCustomizer;
import dev.mtlsauthz.authserver.dpop.DpopTokenRequests;
import dev.mtlsauthz.authserver.errors.OAuth2ErrorResponseHandler;
import dev.mtlsauthz.authserver.fapi.FapiCustomizer;
import dev.mtlsauthz.authserver.keys.SigningKeysEndpoint;
import dev.mtlsauthz.authserver.logout.RpInitiatedLogout;
import dev.mtlsauthz.authserver.protectedresource.BearerTokenChallenges;
import dev.mtlsauthz.authserver.protectedresource.ProtectedResources;
import dev.mtlsauthz.authserver.throttling.AuthenticationThrottle;
import dev.mtlsauthz.authserver.users.UserInfoClaims;
import dev.mtlsauthz.authserver.users.UserPasswords;
import dev.mtlsauthz.authserver.web.PagesCustomizer;

import static dev.mtlsauthz.authserver.binding.CertificateBoundTokenIssuance.certificateBoundTokenIssuance;
import static dev.mtlsauthz.binding.CertificateBoundAccessTokens.certificateBoundAccessTokens;

/**
 * The filter chains. The first reads top to bottom as the list of what this server
 * changes in Spring Authorization Server, each change a configurer or customizer of its
 * feature package; the next guards the operator's signing-key endpoint; the last serves
 * the pages people use.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerEndpoints(HttpSecurity http, AuthServerProperties properties,
			ClientCertificateVerifier certificateVerifier, DiscoveryCustomizer discovery, ClientsCustomizer clients,
			DeviceFlowCustomizer deviceFlow, UserInfoClaims userInfo, RpInitiatedLogout logout, PagesCustomizer pages,
			BearerTokenChallenges challenges, AuthorizationServerSettings settings, FapiCustomizer fapi,
			TokenIssuedAudit tokensIssued, BindingRefusedAudit bindingRefused, DpopTokenRequests dpop) {
		// RFC 8705 sections 2 to 4, applied first: it changes what the authorization
		// server reads when it is initialised.
		http.with(certificateBoundTokenIssuance(),
				issuance -> issuance.certificateVerifier(certificateVerifier)
					.alwaysEmitConfirmationClaim(properties.mtls().alwaysEmitConfirmationClaim())
					// FAPI 2.0: sender-constrained access tokens, checked before the
					// audit.
					.withObjectPostProcessor(fapi.tokenGeneration())
					// An audit event for every token response.
					.withObjectPostProcessor(tokensIssued)
					// RFC 9449: dpop_bound_access_tokens, dpop_jkt, a public client's
					// DPoP-bound refresh.
					.withObjectPostProcessor(dpop.tokenGeneration()))
			.oauth2AuthorizationServer(server -> {
				http.securityMatcher(server.getEndpointsMatcher());
				// RFC 8414, OpenID Connect Discovery, RFC 8705 section 5.
				discovery.customize(server);
				// RFC 7523 client assertions and RFC 7591 registration.
				clients.customize(server);
				// RFC 8628: openid, interval, public clients, precise errors.
				deviceFlow.customize(http, server);
				// OpenID Connect Core section 5.3: the standard claims of the user; its
				// errors with an RFC 6750 challenge.
				server.oidc(oidc -> oidc
					.userInfoEndpoint(endpoint -> endpoint.userInfoMapper(userInfo).errorResponseHandler(challenges)));
				// OpenID Connect RP-Initiated Logout: every ID token issued for the user.
				logout.customize(server);
				// Consent, device activation and authorization errors on our pages.
				pages.customize(server);
				// FAPI 2.0, RFC 9207 iss, RFC 9101 request objects, JARM, RFC 9701.
				fapi.customize(http, server);
				// RFC 6749 section 5.2 errors, each with a description.
				new OAuth2ErrorResponseHandler().customize(server);
			})
			// RFC 9449 at the token endpoint: replay and nonces across instances.
			// The userinfo endpoint gets DPoP from
			// certificate-binding's auto-configuration, as any resource server does.
			.with(dpop, Customizer.withDefaults())
			.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
			// The userinfo and registration endpoints are resources like any other: a
			// bound
			// token needs its certificate (RFC 8705 section 3), and every refusal is an
			// RFC
			// 6750 challenge that names the resource's RFC 9728 metadata.
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(challenges))
			.with(certificateBoundAccessTokens(),
					binding -> binding.authenticationEntryPoint(bindingRefused.at(challenges)))
			// Only a page a person asked for is worth coming back to after the sign-in;
			// remembering an API client's request would give it a session and a cookie.
			.requestCache(cache -> cache.requestCache(browserRequestCache()))
			.exceptionHandling(exceptions -> exceptions
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browserRequests())
				.defaultAuthenticationEntryPointFor(OAuth2ErrorResponseHandler.clientAuthenticationRequired(),
						clientRequests(settings)));
		return http.build();
	}

	/**
	 * The operator's {@code signingkeys} endpoint, when exposed
	 * ({@code management.endpoints.web.exposure.include}): an access token with the scope
	 * {@code signing_keys}, a bound one with its certificate, and no cookies (so no CSRF
	 * token).
	 */
	@Bean
	@Order(0)
	SecurityFilterChain signingKeysEndpointSecurity(HttpSecurity http) {
		http.securityMatcher(EndpointRequest.to(SigningKeysEndpoint.class))
			.authorizeHttpRequests(
					authorize -> authorize.anyRequest().hasAuthority("SCOPE_" + SigningKeysEndpoint.SCOPE))
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
			.with(certificateBoundAccessTokens(), Customizer.withDefaults())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
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
	SecurityFilterChain application(HttpSecurity http, UserPasswords passwords, JdbcUserDetailsManager users,
			AuthenticationThrottle throttle, AuthenticationEventPublisher authenticationEvents) {
		// The sign-in checks passwords with bcrypt for known and unknown users alike, and
		// locks out guessing; its outcomes are audit events.
		ProviderManager signIn = new ProviderManager(throttle.signIn(passwords.signIn(users)));
		signIn.setAuthenticationEventPublisher(authenticationEvents);
		http.authenticationManager(signIn)
			.authorizeHttpRequests(authorize -> authorize
				.requestMatchers("/actuator/health/**", "/error", "/css/**", "/login", "/logout")
				.permitAll()
				// RFC 9728: the metadata of the protected resources is public.
				.requestMatchers(ProtectedResources.WELL_KNOWN, ProtectedResources.WELL_KNOWN + "/**")
				.permitAll()
				// RFC 7592: the endpoint checks the registration access token itself.
				.requestMatchers(ClientConfigurationEndpoint.PATH)
				.permitAll()
				.anyRequest()
				.authenticated())
			.csrf(csrf -> csrf.ignoringRequestMatchers(ClientConfigurationEndpoint.PATH))
			.requestCache(cache -> cache.requestCache(browserRequestCache()))
			.formLogin(login -> login.loginPage("/login").permitAll())
			.logout(logout -> logout.logoutSuccessUrl("/login?logout"))
			.headers(headers -> headers.contentSecurityPolicy(
					csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")));
		return http.build();
	}

	/**
	 * No Micrometer observation around each of Spring Security's filters: it cost 2 to 4%
	 * of a token's CPU in the profile (bench/README.md). The HTTP server's own request
	 * metrics stay.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Only a browser asking for a page is sent to the login page; API clients get an
	 * OAuth error.
	 */
	private static MediaTypeRequestMatcher browserRequests() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

	/**
	 * Remembers a browser's request for a page across the sign-in, and nothing else.
	 */
	private static HttpSessionRequestCache browserRequestCache() {
		HttpSessionRequestCache cache = new HttpSessionRequestCache();
		cache.setRequestMatcher(new AndRequestMatcher(request -> "GET".equals(request.getMethod()), browserRequests()));
		return cache;
	}

	/**
	 * A client calling an endpoint that requires client authentication without any: every
	 * POST but those of the userinfo and registration endpoints, which take bearer
	 * tokens.
	 */
	private static RequestMatcher clientRequests(AuthorizationServerSettings settings) {
		return request -> "POST".equals(request.getMethod())
				&& !request.getRequestURI().equals(settings.getOidcUserInfoEndpoint())
				&& !request.getRequestURI().equals(settings.getClientRegistrationEndpoint());
	}

}
