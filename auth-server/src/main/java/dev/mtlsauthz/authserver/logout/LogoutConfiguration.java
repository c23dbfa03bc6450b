package dev.mtlsauthz.authserver.logout;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import dev.mtlsauthz.authserver.AuthServerProperties;

/**
 * RP-initiated logout ({@link RpInitiatedLogout}) and the decoder of its
 * {@code id_token_hint}.
 */
@Configuration(proxyBeanMethods = false)
class LogoutConfiguration {

	/**
	 * Not a {@code JwtDecoder} bean: the userinfo endpoint's decoder is, and this one
	 * accepts expired tokens. It verifies the signature with the keys this server
	 * publishes, whichever algorithm they use, and the issuer.
	 */
	@Bean
	RpInitiatedLogout rpInitiatedLogout(JWKSource<SecurityContext> keys, AuthServerProperties properties,
			RegisteredClientRepository clients) {
		NimbusJwtDecoder idTokens = NimbusJwtDecoder.withJwkSource(keys)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		idTokens.setJwtValidator(new JwtIssuerValidator(properties.issuer().toString()));
		return new RpInitiatedLogout(idTokens, clients);
	}

}
