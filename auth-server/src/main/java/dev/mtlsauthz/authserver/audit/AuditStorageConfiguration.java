package dev.mtlsauthz.authserver.audit;

import java.time.Clock;
import java.time.Duration;

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
 * ({@link ClusterJobs}), and the writing of queued events on each instance.
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
		return jobs.schedule("audit-event-purge", properties.purgeInterval(),
				() -> events.purge(properties.retention()));
	}

	/** Queued events are written on this instance, whichever instance purges. */
	@Bean
	SchedulingConfigurer auditEventWrites(JdbcAuditEventRepository events) {
		return tasks -> tasks.addFixedDelayTask(events::flush,
				Duration.ofMillis(JdbcAuditEventRepository.FLUSH_INTERVAL_MILLIS));
	}

}
