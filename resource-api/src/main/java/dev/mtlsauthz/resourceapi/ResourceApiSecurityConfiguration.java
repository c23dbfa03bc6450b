package dev.mtlsauthz.resourceapi;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.web.util.UriComponentsBuilder;

import dev.mtlsauthz.binding.CertificateBoundResourceServerProperties;
import dev.mtlsauthz.resourceapi.tokens.AccessTokenAuthenticationManager;

import static dev.mtlsauthz.binding.CertificateBoundAccessTokens.certificateBoundAccessTokens;

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

	private static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

	@Bean
	SecurityFilterChain api(HttpSecurity http, AccessTokenAuthenticationManager accessTokens,
			ResourceApiProperties properties, CertificateBoundResourceServerProperties binding) {
		BearerTokenAuthenticationEntryPoint challenges = new BearerTokenAuthenticationEntryPoint();
		challenges.setResourceMetadataParameterResolver(ResourceApiSecurityConfiguration::metadataOfTheUrlCalled);
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
						.authenticationEntryPoint(challenges)
						.protectedResourceMetadata(metadata -> metadata
							.protectedResourceMetadataCustomizer(resource -> describe(resource, properties, binding))))
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(AbstractHttpConfigurer::disable);
		if (binding.enabled()) {
			// The starter's check, applied again with this API's challenges, so that a
			// refused bound token also points to the metadata of the URL called.
			http.with(certificateBoundAccessTokens(), check -> check.requireBoundTokens(binding.requireBoundTokens())
				.authenticationEntryPoint(challenges));
		}
		return http.build();
	}

	/**
	 * RFC 9728 metadata, which the {@code WWW-Authenticate} challenges point to
	 * ({@code resource_metadata}). Bound tokens are supported only while the API checks
	 * their certificate.
	 */
	private static void describe(OAuth2ProtectedResourceMetadata.Builder resource, ResourceApiProperties properties,
			CertificateBoundResourceServerProperties binding) {
		resource.authorizationServer(properties.issuerUri().toString())
			.scope("api.read")
			.scope("api.write")
			.tlsClientCertificateBoundAccessTokens(binding.enabled());
	}

	/**
	 * The metadata URL of the resource the request called: the well-known path inserted
	 * before the request's path (RFC 9728 section 3.1), where Spring Security's metadata
	 * filter answers with that URL as the {@code resource}, as section 3.3 asks of
	 * metadata found through a challenge. Spring Security's default names
	 * {@code /.well-known/oauth-protected-resource} for every path, whose
	 * {@code resource} is the bare origin, which a client checking section 3.3 refuses.
	 */
	private static String metadataOfTheUrlCalled(HttpServletRequest request) {
		return UriComponentsBuilder.fromUriString(UrlUtils.buildFullRequestUrl(request))
			.replacePath(request.getContextPath() + WELL_KNOWN
					+ request.getRequestURI().substring(request.getContextPath().length()))
			.replaceQuery(null)
			.build()
			.toUriString();
	}

}
