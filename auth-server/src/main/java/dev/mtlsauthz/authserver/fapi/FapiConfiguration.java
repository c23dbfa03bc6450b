package dev.mtlsauthz.authserver.fapi;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.fetch.ClientUrlFetcher;
import dev.mtlsauthz.authserver.jarm.AuthorizationResponses;
import dev.mtlsauthz.authserver.jarm.SignedResponses;
import dev.mtlsauthz.authserver.keys.SigningKeySet;
import dev.mtlsauthz.authserver.requestobjects.RequestObjects;
import dev.mtlsauthz.authserver.web.AuthorizationErrorResponse;

/**
 * The FAPI 2.0 Security Profile and its building blocks ({@code authserver.fapi.*}):
 * {@link FapiCustomizer}, which {@code SecurityConfiguration} applies, and
 * {@link FapiMetadata} for discovery.
 */
@Configuration(proxyBeanMethods = false)
class FapiConfiguration {

	/**
	 * {@code authserver.fapi.*}, a branch of the one tree ({@link AuthServerProperties}).
	 */
	@Bean
	FapiProperties fapiProperties(AuthServerProperties properties) {
		return properties.fapi();
	}

	@Bean
	Fapi2Profile fapi2Profile(FapiProperties properties, Environment environment) {
		if (environment.containsProperty(FapiProperties.MISPLACED_PROFILE)) {
			throw new IllegalStateException(FapiProperties.MISPLACED_PROFILE + " is not a setting of this server: "
					+ "set authserver.fapi.profile (none or fapi2) to put every client under a security profile");
		}
		return new Fapi2Profile(properties);
	}

	@Bean
	SignedResponses signedResponses(JwtEncoder encoder, SigningKeySet keys, AuthServerProperties properties,
			FapiProperties fapi, ObjectProvider<Clock> clock) {
		String algorithm = properties.keys().algorithm().getName();
		return new SignedResponses(encoder, () -> keys.signingKey(algorithm).key().algorithm().getName(),
				properties.issuer().toString(), fapi.responseJwtLifetime(), clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	FapiMetadata fapiMetadata(FapiProperties properties, SignedResponses signer) {
		return new FapiMetadata(properties, signer);
	}

	@Bean
	FapiCustomizer fapiCustomizer(Fapi2Profile profile, SignedResponses signer, RegisteredClientRepository clients,
			ClientUrlFetcher fetcher, OAuth2AuthorizationService authorizations, AuthServerProperties properties) {
		return new FapiCustomizer(profile, clients,
				new RequestObjects(properties.issuer().toString(), clients, fetcher),
				new AuthorizationResponses(signer, authorizations, new AuthorizationErrorResponse()),
				new JwtIntrospectionResponses(signer),
				new Fapi2ClientRequests(profile, properties.issuer().toString()));
	}

}
