package dev.mtlsauthz.authserver.sessions;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.cluster.ClusterJobs;

/**
 * Sign-in sessions in the database, through Spring Session JDBC (its tables are created
 * by the V12 migration): the signed-in user's security context, the authorization request
 * to resume after sign-in, and the CSRF token of the pages' forms. Any instance of a
 * cluster can then serve any request of a sign-in, begun wherever it was, so a load
 * balancer needs no sticky sessions, and an instance that stops loses nobody's sign-in.
 * The session cookie keeps its security attributes ({@code server.servlet.session.cookie}
 * in application.yml: {@code Secure}, {@code HttpOnly}, {@code SameSite=Lax}).
 */
@Configuration(proxyBeanMethods = false)
class SessionsConfiguration {

	/**
	 * Spring Session's own clean-up of expired sessions would run on every instance,
	 * every minute; it runs as a cluster job instead ({@link #expiredSessionCleanup}).
	 */
	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> noCleanupOnEveryInstance() {
		return repository -> repository.setCleanupCron("-");
	}

	@Bean
	SchedulingConfigurer expiredSessionCleanup(JdbcIndexedSessionRepository sessions, ClusterJobs jobs,
			AuthServerProperties properties) {
		return jobs.schedule("expired-session-cleanup", properties.sessions().cleanupInterval(),
				sessions::cleanUpExpiredSessions);
	}

	/**
	 * Where Spring Authorization Server looks up the session behind an authorization: the
	 * {@code sid} of an ID token (OpenID Connect Front-Channel Logout section 3), and the
	 * session that RP-initiated logout ends. Without this bean it keeps its own registry
	 * in memory, which another instance would not know; this one reads the sessions
	 * table.
	 */
	@Bean
	SessionRegistry sessionRegistry(JdbcIndexedSessionRepository sessions) {
		return new SpringSessionBackedSessionRegistry<>(sessions);
	}

}
