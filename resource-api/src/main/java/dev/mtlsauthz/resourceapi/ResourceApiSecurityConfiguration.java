package dev.mtlsauthz.resourceapi;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.web.SecurityFilterChain;

import dev.mtlsauthz.resourceapi.tokens.AccessTokenAuthenticationManager;

import static dev.mtlsauthz.binding.CertificateBoundAccessTokens.certificateBoundAccessTokens;

/**
 * The API's one filter chain, read top to bottom: which scope each endpoint needs (RFC
 * 6750 section 3.1: {@code 403 insufficient_scope} otherwise), bearer tokens of either
 * kind, then proof of possession for certificate-bound tokens (RFC 8705 section 3),
 * unless {@code resourceapi.proof-of-possession.enabled} is false.
 */
@Configuration(proxyBeanMethods = false)
class ResourceApiSecurityConfiguration {

	private static final Log logger = LogFactory.getLog(ResourceApiSecurityConfiguration.class);

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
		if (properties.proofOfPossession().enabled()) {
			http.with(certificateBoundAccessTokens(),
					binding -> binding.requireBoundTokens(properties.requireBoundTokens()));
		}
		else {
			logger.warn("resourceapi.proof-of-possession.enabled is false: certificate-bound access tokens are "
					+ "accepted without their certificate (RFC 8705 section 3 is not enforced). For benchmarks only.");
		}
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
