package dev.mtlsauthz.binding;

import java.net.http.HttpClient;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestOperations;
import org.springframework.web.client.RestTemplate;

/**
 * The JWT decoder of {@code spring.security.oauth2.resourceserver.jwt.*} (a JWK Set URI,
 * an issuer URI or a public key), built as Spring Boot builds it, with the same issuer,
 * audience, algorithm settings and the application's {@code OAuth2TokenValidator<Jwt>}
 * and {@link JwkSetUriJwtDecoderBuilderCustomizer} beans, but without Spring Security's
 * {@code X509CertificateThumbprintValidator}, which {@code JwtValidators.createDefault*}
 * adds. That validator reads only the servlet container's certificate, so it misses a
 * trusted proxy's, and it refuses a mismatch first with "Invalid SHA-256 Thumbprint", so
 * a client cannot tell a forgotten certificate from a wrong one.
 * {@link CertificateBoundAccessTokens} checks the binding instead, for JWTs and
 * introspected tokens alike. With {@code mtls-authz.resource-server.trust-bundle} the
 * issuer's metadata and keys are fetched trusting that SSL bundle (a private CA).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ JwtDecoder.class, OAuth2ResourceServerProperties.class })
@ConditionalOnMissingBean(JwtDecoder.class)
@EnableConfigurationProperties(OAuth2ResourceServerProperties.class)
class ProofOfPossessionJwtDecoderConfiguration {

	private static final String PREFIX = "spring.security.oauth2.resourceserver.jwt";

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private final OAuth2ResourceServerProperties.Jwt properties;

	private final List<OAuth2TokenValidator<Jwt>> additionalValidators;

	private final List<JwkSetUriJwtDecoderBuilderCustomizer> customizers;

	private final RestOperations issuer;

	ProofOfPossessionJwtDecoderConfiguration(OAuth2ResourceServerProperties properties,
			CertificateBoundResourceServerProperties resourceServer,
			ObjectProvider<OAuth2TokenValidator<Jwt>> additionalValidators,
			ObjectProvider<JwkSetUriJwtDecoderBuilderCustomizer> customizers, ObjectProvider<SslBundles> bundles) {
		this.properties = properties.getJwt();
		this.additionalValidators = additionalValidators.orderedStream().toList();
		this.customizers = customizers.orderedStream().toList();
		this.issuer = StringUtils.hasText(resourceServer.trustBundle())
				? trusting(bundles.getObject().getBundle(resourceServer.trustBundle())) : null;
	}

	/**
	 * Where the keys come from, in Spring Boot's order: a JWK Set URI, else the public
	 * key, else the issuer's metadata (read on first use, so that the application starts
	 * while the issuer is down).
	 */
	@Bean
	@Conditional(KeysConfigured.class)
	JwtDecoder jwtDecoder() throws Exception {
		if (properties.getJwkSetUri() != null) {
			JwkSetUriJwtDecoderBuilder builder = NimbusJwtDecoder.withJwkSetUri(properties.getJwkSetUri());
			builder.jwsAlgorithms(algorithms -> properties.getJwsAlgorithms()
				.forEach(algorithm -> algorithms.add(signatureAlgorithm(algorithm))));
			return build(builder);
		}
		if (properties.getPublicKeyLocation() != null) {
			Assert.state(properties.getJwsAlgorithms().size() == 1,
					"A JWT decoder with a public key needs exactly one of " + PREFIX + ".jws-algorithms");
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey())
				.signatureAlgorithm(signatureAlgorithm(properties.getJwsAlgorithms().get(0)))
				.build();
			decoder.setJwtValidator(validator());
			return decoder;
		}
		return new SupplierJwtDecoder(() -> build(NimbusJwtDecoder.withIssuerLocation(properties.getIssuerUri())));
	}

	private JwtDecoder build(JwkSetUriJwtDecoderBuilder builder) {
		if (issuer != null) {
			builder.restOperations(issuer);
		}
		customizers.forEach(customizer -> customizer.customize(builder));
		NimbusJwtDecoder decoder = builder.build();
		decoder.setJwtValidator(validator());
		return decoder;
	}

	/** Spring Boot's validators, less the certificate thumbprint. */
	OAuth2TokenValidator<Jwt> validator() {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(jwtOrAccessTokenType());
		validators.add(new JwtTimestampValidator());
		if (properties.getIssuerUri() != null) {
			validators.add(new JwtIssuerValidator(properties.getIssuerUri()));
		}
		if (!properties.getAudiences().isEmpty()) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					audiences -> audiences != null && !Collections.disjoint(audiences, properties.getAudiences())));
		}
		validators.addAll(additionalValidators);
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	/**
	 * Spring's {@code JwtTypeValidator.jwt()}, which also accepts RFC 9068's access token
	 * type ({@code at+jwt}).
	 */
	private static JwtTypeValidator jwtOrAccessTokenType() {
		JwtTypeValidator validator = new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
		validator.setAllowEmpty(true);
		return validator;
	}

	private RSAPublicKey publicKey() throws Exception {
		String pem = properties.readPublicKey();
		byte[] der = Base64.getMimeDecoder()
			.decode(pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", ""));
		return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
	}

	private static RestOperations trusting(SslBundle bundle) {
		return new RestTemplate(new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().sslContext(bundle.createSslContext()).connectTimeout(CONNECT_TIMEOUT).build()));
	}

	private static SignatureAlgorithm signatureAlgorithm(String name) {
		SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
		Assert.state(algorithm != null, () -> "Unknown JWS algorithm in " + PREFIX + ".jws-algorithms: " + name);
		return algorithm;
	}

	/** One of the three ways Spring Boot configures a JWT decoder is set. */
	static class KeysConfigured extends AnyNestedCondition {

		KeysConfigured() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(prefix = PREFIX, name = "jwk-set-uri")
		static class JwkSetUri {

		}

		@ConditionalOnProperty(prefix = PREFIX, name = "issuer-uri")
		static class IssuerUri {

		}

		@ConditionalOnProperty(prefix = PREFIX, name = "public-key-location")
		static class PublicKeyLocation {

		}

	}

}
