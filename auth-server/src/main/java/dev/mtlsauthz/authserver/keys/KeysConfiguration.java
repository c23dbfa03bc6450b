package dev.mtlsauthz.authserver.keys;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.jwks.IssuerJwkSource;

/**
 * The signing keys: the key set in the database ({@link SigningKeySet}), published as the
 * JWK Set with a {@code Cache-Control: max-age} of {@code authserver.keys.jwks-max-age};
 * the rotation check ({@link SigningKeyRotation}) at start and, with a new read of the
 * key set, every {@code authserver.keys.refresh-interval}; the encoder that signs every
 * JWT with the key the set chooses; the decoder of this server's own tokens at the
 * userinfo endpoint, which accepts every published key; and the {@code signingkeys}
 * endpoint.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class KeysConfiguration {

	private static final Log logger = LogFactory.getLog(KeysConfiguration.class);

	@Bean
	KeyEncryptionKeys keyEncryptionKeys(AuthServerProperties properties, Environment environment) {
		AuthServerProperties.Encryption encryption = properties.keys().encryption();
		if (KeyEncryptionKeys.DEVELOPMENT_KEY_ID.equals(encryption.keyId())) {
			if (environment.matchesProfiles("production")) {
				throw new IllegalStateException("The private signing keys would be encrypted with the development "
						+ "key-encryption key, which is public, under the production profile: set "
						+ "authserver.keys.encryption.key-id and authserver.keys.encryption.keys.<id> "
						+ "(docs/authorization-server.md, \"Signing keys\")");
			}
			logger.warn("The private signing keys are encrypted at rest with the DEVELOPMENT key-encryption key, "
					+ "which is public in application.yml: set authserver.keys.encryption.key-id and "
					+ "authserver.keys.encryption.keys.<id> for any real deployment");
		}
		return new KeyEncryptionKeys(encryption.keyId(), encryption.keys());
	}

	@Bean
	SigningKeyRotation signingKeyRotation(JdbcTemplate jdbc, PlatformTransactionManager transactions,
			KeyEncryptionKeys encryption, AuthServerProperties properties, ObjectProvider<Clock> clock) {
		return new SigningKeyRotation(new JdbcSigningKeys(jdbc, transactions), encryption, properties.keys(),
				new LongestTokenLifetime(jdbc), clock.getIfAvailable(Clock::systemUTC));
	}

	/**
	 * The key set, ready to sign when the server starts: the rotation check has made sure
	 * there is an active key (the first instance to start on an empty database creates
	 * it, the others wait for its lock and read it).
	 */
	@Bean
	SigningKeySet signingKeySet(JdbcTemplate jdbc, PlatformTransactionManager transactions,
			KeyEncryptionKeys encryption, SigningKeyRotation rotation, AuthServerProperties properties) {
		SigningKeySet keys = new SigningKeySet(new JdbcSigningKeys(jdbc, transactions), encryption);
		rotation.check();
		keys.refresh();
		properties.keys().signingAlgorithms().forEach(algorithm -> keys.signingKey(algorithm.getName()));
		return keys;
	}

	@Bean
	SchedulingConfigurer signingKeysRefresh(SigningKeyRotation rotation, SigningKeySet keys,
			AuthServerProperties properties) {
		return tasks -> tasks.addFixedDelayTask(() -> {
			try {
				rotation.check();
				keys.refresh();
			}
			catch (RuntimeException ex) {
				logger.warn("Cannot check or read the signing keys; the last key set read stays in use: " + ex, ex);
			}
		}, properties.keys().refreshInterval());
	}

	@Bean
	JwtEncoder jwtEncoder(SigningKeySet keys) {
		return new KeySetJwtEncoder(keys);
	}

	/**
	 * Verifies this server's own access tokens at the userinfo endpoint (and the
	 * {@code signingkeys} endpoint), with any published key: a token signed before a
	 * rotation or an algorithm change stays valid until it expires. The certificate
	 * binding is checked by {@code CertificateBoundAccessTokens} after authentication,
	 * which says precisely what was wrong, so the stock thumbprint validator is left out.
	 */
	@Bean
	JwtDecoder jwtDecoder(SigningKeySet keys, AuthServerProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.jwtProcessorCustomizer(processor -> IssuerJwkSource.verifySignatures(processor, keys))
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtIssuerValidator(properties.issuer().toString())));
		return decoder;
	}

	@Bean
	SigningKeysEndpoint signingKeysEndpoint(SigningKeySet keys, SigningKeyRotation rotation,
			AuthServerProperties properties) {
		return new SigningKeysEndpoint(keys, rotation, properties.keys().algorithm(),
				properties.keys().idTokenAlgorithmOrDefault());
	}

	/**
	 * Lets resource servers cache the JWK Set for {@code authserver.keys.jwks-max-age}
	 * (Spring Security would otherwise answer {@code no-store}), which the publish-ahead
	 * time of a rotation covers.
	 */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> jwkSetCacheControl(AuthorizationServerSettings settings,
			AuthServerProperties properties) {
		String cacheControl = "public, max-age=" + properties.keys().jwksMaxAge().toSeconds();
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
						chain.doFilter(request, response);
					}
				});
		registration.addUrlPatterns(settings.getJwkSetEndpoint());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
