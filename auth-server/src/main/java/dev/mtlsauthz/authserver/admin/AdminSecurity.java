package dev.mtlsauthz.authserver.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

import static dev.mtlsauthz.binding.CertificateBoundAccessTokens.certificateBoundAccessTokens;

/**
 * Who may use the operator's side.
 * <ul>
 * <li>The admin API ({@value #API}) is a resource server of this server's own access
 * tokens, checked locally with its key set (the {@code JwtDecoder} of {@code keys}): a
 * token needs the scope {@code authserver.admin.scope} and must be bound to the
 * certificate the request presents (RFC 8705 section 3, {@code requireBoundTokens}), so a
 * stolen admin token is worth nothing without the admin client's private key. It is
 * served at the mTLS connector, which asks for the certificate. Refusals are RFC 6750
 * challenges ({@code invalid_token} 401, {@code insufficient_scope} 403). No cookies, so
 * no CSRF token. Its OpenAPI document is public.</li>
 * <li>The admin console ({@code /admin}) is pages for operators: signed in on the sign-in
 * page (the session of the pages' chain) with the role {@value AdminProperties#ROLE};
 * forms carry a CSRF token.</li>
 * </ul>
 * Both chains come before the pages' chain, which would otherwise take every path, and
 * the API's before the console's, whose paths hold it.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurity {

	static final String API = "/admin/api/**";

	static final String OPENAPI = "/admin/api/openapi.json";

	@Bean
	@Order(0)
	SecurityFilterChain adminApiSecurity(HttpSecurity http, AdminProperties properties) {
		http.securityMatcher(API)
			.authorizeHttpRequests(authorize -> authorize.requestMatchers(OPENAPI, OPENAPI + "/**")
				.permitAll()
				.anyRequest()
				.hasAuthority("SCOPE_" + properties.scope()))
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
			.with(certificateBoundAccessTokens(), binding -> binding.requireBoundTokens(true))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

	@Bean
	@Order(1)
	SecurityFilterChain adminConsoleSecurity(HttpSecurity http) {
		http.securityMatcher("/admin", "/admin/**")
			.authorizeHttpRequests(authorize -> authorize.anyRequest().hasRole(AdminProperties.ROLE))
			.exceptionHandling(
					exceptions -> exceptions.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
			.headers(headers -> headers.contentSecurityPolicy(
					csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")));
		return http.build();
	}

}
