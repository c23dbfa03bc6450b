package dev.mtlsauthz.authserver.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long audit events are kept in the database ({@code authserver.audit.*}).
 *
 * @param retention how long an event is kept; older ones are deleted
 * @param purgeInterval how often events past the retention are deleted, once per interval
 * across a cluster
 */
public record AuditStorageProperties(@DefaultValue("30d") Duration retention,
		@DefaultValue("1h") Duration purgeInterval) {
}
