package dev.mtlsauthz.authserver.discovery;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.keys.SigningKeySet;
import dev.mtlsauthz.authserver.mtls.MtlsEndpoints;

/**
 * The issuer and its endpoints (RFC 8414 section 2), and what the metadata documents say
 * about them ({@link DiscoveryCustomizer}).
 */
@Configuration(proxyBeanMethods = false)
class DiscoveryConfiguration {

	/**
	 * A fixed issuer: without it the issuer would be derived from each request, and
	 * tokens issued at the mTLS aliases would carry another {@code iss} (RFC 8705 section
	 * 5).
	 */
	@Bean
	AuthorizationServerSettings authorizationServerSettings(AuthServerProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer().toString()).build();
	}

	@Bean
	DiscoveryCustomizer discoveryCustomizer(MtlsEndpoints endpoints, AuthorizationServerSettings settings,
			SigningKeySet keys, AuthServerProperties properties, List<MetadataContribution> contributions) {
		String idTokens = properties.keys().idTokenAlgorithmOrDefault().getName();
		return new DiscoveryCustomizer(endpoints, settings,
				() -> List.of(keys.signingKey(idTokens).key().algorithm().getName()), contributions);
	}

}
