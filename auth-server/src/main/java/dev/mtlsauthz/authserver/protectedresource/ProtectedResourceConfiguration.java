package dev.mtlsauthz.authserver.protectedresource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.mtls.MtlsEndpoints;

/**
 * This server's own protected resources ({@link ProtectedResources}), their challenges
 * ({@link BearerTokenChallenges}, which {@code SecurityConfiguration} installs) and their
 * RFC 9728 metadata ({@link ProtectedResourceMetadataEndpoint}, found by scanning).
 */
@Configuration(proxyBeanMethods = false)
class ProtectedResourceConfiguration {

	@Bean
	ProtectedResources protectedResources(AuthServerProperties properties, MtlsEndpoints endpoints,
			AuthorizationServerSettings settings) {
		return new ProtectedResources(properties.issuer().toString(), endpoints, settings.getOidcUserInfoEndpoint(),
				settings.getClientRegistrationEndpoint());
	}

	@Bean
	BearerTokenChallenges bearerTokenChallenges(ProtectedResources resources) {
		return new BearerTokenChallenges(resources);
	}

}
