package dev.mtlsauthz.authserver.keys;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.mtlsauthz.authserver.AuthServerProperties;

/**
 * The token signing keys ({@link JdbcSigningKeys}), published as the JWK Set and used by
 * the token generator, and the decoder that verifies this server's own access tokens with
 * them at the userinfo endpoint.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	@Bean
	JWKSource<SecurityContext> jwkSource(JdbcTemplate jdbc, AuthServerProperties properties) {
		return new JdbcSigningKeys(jdbc, properties.keys().algorithm());
	}

	/**
	 * Verifies this server's own access tokens at the userinfo endpoint. The certificate
	 * binding is checked by {@code CertificateBoundAccessTokens} after authentication,
	 * which says precisely what was wrong, so the stock thumbprint validator is left out.
	 */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, AuthServerProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource)
			.jwsAlgorithm(SignatureAlgorithm.from(properties.keys().algorithm()))
			.build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtIssuerValidator(properties.issuer().toString())));
		return decoder;
	}

}
