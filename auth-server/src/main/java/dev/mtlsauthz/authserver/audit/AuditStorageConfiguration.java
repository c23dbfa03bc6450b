package dev.mtlsauthz.authserver.audit;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.cluster.ClusterJobs;

/**
 * Where audit events are kept: the {@link JdbcAuditEventRepository}, whose presence makes
 * Spring Boot record every {@code AuditApplicationEvent} (its {@code AuditListener}), and
 * the purge of events older than {@code authserver.audit.retention}, every
 * {@code authserver.audit.purge-interval}, once per interval across a cluster
 * ({@link ClusterJobs}).
 */
@Configuration(proxyBeanMethods = false)
class AuditStorageConfiguration {

	/**
	 * {@code authserver.audit.*}, a branch of the one tree
	 * ({@link AuthServerProperties}).
	 */
	@Bean
	AuditStorageProperties auditProperties(AuthServerProperties properties) {
		return properties.audit();
	}

	@Bean
	JdbcAuditEventRepository auditEventRepository(JdbcTemplate jdbc) {
		return new JdbcAuditEventRepository(jdbc, Clock.systemUTC());
	}

	@Bean
	SchedulingConfigurer auditEventPurgeSchedule(JdbcAuditEventRepository events, ClusterJobs jobs,
			AuditStorageProperties properties) {
		return tasks -> tasks.addFixedDelayTask(jobs.oncePerInterval("audit-event-purge", properties.purgeInterval(),
				() -> events.purge(properties.retention())), properties.purgeInterval());
	}

}
