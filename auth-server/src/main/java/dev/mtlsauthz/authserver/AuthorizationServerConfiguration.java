package dev.mtlsauthz.authserver;

import java.util.Map;
import javax.sql.DataSource;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.transaction.PlatformTransactionManager;

import dev.mtlsauthz.authserver.binding.AccessTokenClaims;
import dev.mtlsauthz.authserver.binding.BoundRefreshTokenGenerator;
import dev.mtlsauthz.authserver.binding.CertificateBinding;
import dev.mtlsauthz.authserver.clients.ClientSeeder;
import dev.mtlsauthz.authserver.clients.DisabledClientAuthorizations;
import dev.mtlsauthz.authserver.clients.EnabledClientsRepository;
import dev.mtlsauthz.authserver.clients.Sha256ClientSecretEncoder;
import dev.mtlsauthz.authserver.keys.JdbcSigningKeys;
import dev.mtlsauthz.authserver.tokens.JdbcAuthorizations;
import dev.mtlsauthz.authserver.tokens.TransactionalAuthorizationService;
import dev.mtlsauthz.authserver.users.UserProfiles;
import dev.mtlsauthz.authserver.users.UserSeeder;

/**
 * The authorization server's building blocks: persistence of clients, authorizations,
 * consents, users and keys, the fixed issuer, and the token generator with this server's
 * claims.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

	@Bean
	AuthorizationServerSettings authorizationServerSettings(AuthServerProperties properties) {
		// A fixed issuer: without it the issuer would be derived from each request, and
		// tokens issued at the mTLS
		// aliases would carry another "iss" (RFC 8705 section 5).
		return AuthorizationServerSettings.builder().issuer(properties.issuer().toString()).build();
	}

	@Bean
	EnabledClientsRepository registeredClientRepository(JdbcTemplate jdbc) {
		return new EnabledClientsRepository(new JdbcRegisteredClientRepository(jdbc));
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, EnabledClientsRepository clients,
			PlatformTransactionManager transactions) {
		return new TransactionalAuthorizationService(
				new DisabledClientAuthorizations(new JdbcAuthorizations(
						new JdbcOAuth2AuthorizationService(jdbc, clients.includingDisabled()), jdbc), clients),
				transactions);
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcTemplate jdbc,
			RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
	}

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

	@Bean
	OAuth2TokenGenerator<?> tokenGenerator(JWKSource<SecurityContext> jwkSource, CertificateBinding binding,
			AuthServerProperties properties) {
		AccessTokenClaims claims = new AccessTokenClaims(binding, properties);
		JwtGenerator jwts = new JwtGenerator(new NimbusJwtEncoder(jwkSource));
		jwts.setJwtCustomizer(claims.jwt());
		OAuth2AccessTokenGenerator references = new OAuth2AccessTokenGenerator();
		references.setAccessTokenCustomizer(claims.reference());
		return new DelegatingOAuth2TokenGenerator(jwts, references, new BoundRefreshTokenGenerator());
	}

	/**
	 * Verifies client secrets and user passwords by the prefix of the stored hash: client
	 * secrets are salted SHA-256, user passwords bcrypt, and {@code client_secret_jwt}
	 * secrets are kept as they are because the server needs them as HMAC keys.
	 */
	@Bean
	@SuppressWarnings("deprecation")
	PasswordEncoder passwordEncoder() {
		return new DelegatingPasswordEncoder(Sha256ClientSecretEncoder.ID,
				Map.of(Sha256ClientSecretEncoder.ID, new Sha256ClientSecretEncoder(), "bcrypt",
						new BCryptPasswordEncoder(), "noop", NoOpPasswordEncoder.getInstance()));
	}

	/**
	 * No Micrometer observation around each of Spring Security's filters: it cost 2 to 4%
	 * of a token's CPU in the profile (bench/README.md). The HTTP server's own request
	 * metrics stay.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	JdbcUserDetailsManager userDetailsManager(DataSource dataSource) {
		return new JdbcUserDetailsManager(dataSource);
	}

	@Bean
	ClientSeeder clientSeeder(AuthServerProperties properties, EnabledClientsRepository clients,
			PasswordEncoder passwordEncoder) {
		return new ClientSeeder(properties.clients(), clients, passwordEncoder);
	}

	@Bean
	UserProfiles userProfiles(JdbcTemplate jdbc) {
		return new UserProfiles(jdbc);
	}

	@Bean
	UserSeeder userSeeder(AuthServerProperties properties, JdbcUserDetailsManager users, UserProfiles profiles) {
		return new UserSeeder(properties.users(), users, profiles);
	}

}
