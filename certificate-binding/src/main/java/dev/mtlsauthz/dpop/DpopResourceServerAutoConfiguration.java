package dev.mtlsauthz.dpop;

import java.time.Clock;
import java.util.Base64;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.DPoPProofJwtDecoderFactory;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationProvider;
import org.springframework.util.StringUtils;

import static dev.mtlsauthz.dpop.DpopAccessTokens.dpopAccessTokens;

/**
 * Makes every resource-server {@code SecurityFilterChain} of a Spring Boot application
 * accept DPoP-bound access tokens (RFC 9449) with no code of its own, next to
 * {@code CertificateBoundResourceServerAutoConfiguration}'s certificate-bound ones: a
 * {@code Customizer<HttpSecurity>} applies {@link DpopAccessTokens} to every chain.
 * Replayed proofs are caught in the database ({@link JdbcDpopProofReplayCache}) when the
 * application has one {@code JdbcOperations}, else in this instance's memory
 * ({@link InMemoryDpopProofReplayCache}); nonces are made by {@link DpopNonces} when
 * {@code mtls-authz.resource-server.dpop.nonce.enabled}. Each bean backs off when the
 * application declares its own; {@code mtls-authz.resource-server.dpop.enabled=false}
 * switches it all off.
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration" },
		beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ DPoPAuthenticationProvider.class, DPoPProofJwtDecoderFactory.class, HttpSecurity.class })
@ConditionalOnBooleanProperty(name = "mtls-authz.resource-server.dpop.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DpopProperties.class)
public class DpopResourceServerAutoConfiguration {

	/** The name of the bean that adds DPoP to every filter chain. */
	public static final String CUSTOMIZER_BEAN_NAME = "dpopAccessTokensCustomizer";

	private static final Log logger = LogFactory.getLog(DpopResourceServerAutoConfiguration.class);

	private static final int IN_MEMORY_MAX_SIZE = 100_000;

	@Bean
	@ConditionalOnMissingBean
	DpopProofReplayCache dpopProofReplayCache(DpopProperties properties) {
		if (properties.replayCache() == DpopProperties.ReplayCache.JDBC) {
			throw new IllegalStateException(
					"mtls-authz.resource-server.dpop.replay-cache=jdbc needs a DataSource (and a JdbcTemplate)");
		}
		return new InMemoryDpopProofReplayCache(IN_MEMORY_MAX_SIZE, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty("mtls-authz.resource-server.dpop.nonce.enabled")
	DpopNonces dpopNonces(DpopProperties properties) {
		DpopProperties.Nonce nonce = properties.nonce();
		if (!StringUtils.hasText(nonce.secret())) {
			logger.warn("mtls-authz.resource-server.dpop.nonce.secret is not set: DPoP nonces are valid on this "
					+ "instance only. Set the same secret on every instance behind one URL.");
			return DpopNonces.withRandomKey(nonce.rotation(), Clock.systemUTC());
		}
		return new DpopNonces(Base64.getDecoder().decode(nonce.secret()), nonce.rotation(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	DpopProofVerifier dpopProofVerifier(DpopProperties properties, DpopProofReplayCache replays,
			ObjectProvider<DpopNonces> nonces) {
		return new DpopProofVerifier(properties.algorithms(), properties.proofLifetime(), properties.clockSkew(),
				replays, properties.nonce().enabled() ? nonces.getObject() : null, Clock.systemUTC());
	}

	/**
	 * Adds DPoP to every {@code HttpSecurity} that is a resource server. A chain that
	 * applies {@link DpopAccessTokens} itself replaces this one's (a configurer of one
	 * type is applied once).
	 */
	@Bean(CUSTOMIZER_BEAN_NAME)
	@ConditionalOnMissingBean(name = CUSTOMIZER_BEAN_NAME)
	Customizer<HttpSecurity> dpopAccessTokensCustomizer(DpopProofVerifier verifier) {
		return http -> http.with(dpopAccessTokens(verifier), Customizer.withDefaults());
	}

	/**
	 * The database replay cache, shared by every instance: ahead of the in-memory one,
	 * whose bean then backs off.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcOperations.class)
	@ConditionalOnSingleCandidate(JdbcOperations.class)
	@Conditional(ReplayCacheNotInMemory.class)
	static class JdbcReplayCacheConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DpopProofReplayCache dpopProofReplayCache(JdbcOperations jdbc, DpopProperties properties) {
			return new JdbcDpopProofReplayCache(jdbc, properties.replayPurgeInterval(), Clock.systemUTC()).checkTable();
		}

	}

	static class ReplayCacheNotInMemory extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			DpopProperties.ReplayCache cache = Binder.get(context.getEnvironment())
				.bind("mtls-authz.resource-server.dpop.replay-cache", DpopProperties.ReplayCache.class)
				.orElse(DpopProperties.ReplayCache.AUTO);
			return (cache != DpopProperties.ReplayCache.IN_MEMORY) ? ConditionOutcome.match("replay-cache " + cache)
					: ConditionOutcome.noMatch("replay-cache in-memory");
		}

	}

}
