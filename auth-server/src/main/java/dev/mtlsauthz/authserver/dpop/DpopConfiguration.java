package dev.mtlsauthz.authserver.dpop;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.cluster.ClusterJobs;
import dev.mtlsauthz.dpop.DpopNonces;
import dev.mtlsauthz.dpop.DpopProofVerifier;
import dev.mtlsauthz.dpop.DpopProperties;
import dev.mtlsauthz.dpop.JdbcDpopProofReplayCache;

/**
 * DPoP (RFC 9449) in this server, shared by every instance through the database: the
 * {@code jti} of accepted proofs ({@link JdbcDpopProofReplayCache}, table
 * {@code dpop_proof_jti}, purged once per {@code authserver.purge.interval} across the
 * cluster) and the key of nonces ({@link DatabaseNonceKey}). The userinfo endpoint gets
 * DPoP from certificate-binding's auto-configuration, which picks these two beans up; the
 * token endpoint gets {@link DpopTokenRequests}, with nonces when
 * {@code authserver.dpop.nonce}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DpopProperties.class)
class DpopConfiguration {

	/**
	 * {@code authserver.dpop.*}, a branch of the one tree ({@link AuthServerProperties}).
	 */
	@Bean
	TokenEndpointDpopProperties dpopProperties(AuthServerProperties properties) {
		return properties.dpop();
	}

	@Bean
	JdbcDpopProofReplayCache dpopProofReplayCache(JdbcTemplate jdbc) {
		return new JdbcDpopProofReplayCache(jdbc, Duration.ZERO, Clock.systemUTC());
	}

	@Bean
	DpopNonces dpopNonces(JdbcTemplate jdbc, TokenEndpointDpopProperties properties) {
		return new DpopNonces(DatabaseNonceKey.load(jdbc), properties.nonceRotation(), Clock.systemUTC());
	}

	@Bean
	DpopTokenRequests dpopTokenRequests(DpopProperties proofs, TokenEndpointDpopProperties properties,
			JdbcDpopProofReplayCache replays, DpopNonces nonces, AuthorizationServerSettings settings) {
		DpopProofVerifier verifier = new DpopProofVerifier(proofs.algorithms(), proofs.proofLifetime(),
				proofs.clockSkew(), replays, properties.nonce() ? nonces : null, Clock.systemUTC());
		return new DpopTokenRequests(new DpopTokenRequestFilter(settings.getTokenEndpoint(), verifier));
	}

	@Bean
	SchedulingConfigurer dpopProofPurgeSchedule(JdbcDpopProofReplayCache replays, ClusterJobs jobs,
			AuthServerProperties properties) {
		return jobs.schedule("dpop-proof-purge", properties.purge().interval(), replays::purge);
	}

}
