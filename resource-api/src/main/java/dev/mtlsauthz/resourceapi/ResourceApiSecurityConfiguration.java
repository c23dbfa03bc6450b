package dev.mtlsauthz.resourceapi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.web.SecurityFilterChain;

import dev.mtlsauthz.resourceapi.tokens.AccessTokenAuthenticationManager;

/**
 * The API's one filter chain, read top to bottom: which scope each endpoint needs (RFC
 * 6750 section 3.1: {@code 403 insufficient_scope} otherwise), then bearer tokens of
 * either kind. Proof of possession for certificate-bound tokens (RFC 8705 section 3) is
 * added to this chain by the {@code certificate-binding} starter, as to any resource
 * server's, and set with {@code mtls-authz.resource-server.*}.
 */
@Configuration(proxyBeanMethods = false)
class ResourceApiSecurityConfiguration {

	static final String READ = "SCOPE_api.read";

	static final String WRITE = "SCOPE_api.write";

	@Bean
	SecurityFilterChain api(HttpSecurity http, AccessTokenAuthenticationManager accessTokens,
			ResourceApiProperties properties) {
		http.authorizeHttpRequests(
				requests -> requests.requestMatchers("/actuator/health", "/actuator/health/**", "/error")
					.permitAll()
					.requestMatchers(HttpMethod.GET, "/api/whoami", "/api/messages")
					.hasAuthority(READ)
					.requestMatchers(HttpMethod.POST, "/api/messages")
					.hasAuthority(WRITE)
					.anyRequest()
					.authenticated())
			.oauth2ResourceServer(
					resourceServer -> resourceServer.authenticationManagerResolver(request -> accessTokens)
						.protectedResourceMetadata(metadata -> metadata
							.protectedResourceMetadataCustomizer(resource -> describe(resource, properties))))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

	/**
	 * RFC 9728 metadata, which the {@code WWW-Authenticate} challenges point to
	 * ({@code resource_metadata}).
	 */
	private static void describe(OAuth2ProtectedResourceMetadata.Builder resource, ResourceApiProperties properties) {
		resource.authorizationServer(properties.issuerUri().toString())
			.scope("api.read")
			.scope("api.write")
			.tlsClientCertificateBoundAccessTokens(true);
	}

}
