package dev.mtlsauthz.authserver.tokens;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often expired authorizations are deleted, under {@code authserver.purge.*}.
 *
 * @param interval the time between the end of one purge and the start of the next
 * @param batchSize the most rows one {@code DELETE} removes, so that no single
 * transaction holds many locks or grows the undo log while tokens are being issued; a
 * purge repeats batches until none is left
 */
@Validated
@ConfigurationProperties("authserver.purge")
public record ExpiredAuthorizationPurgeProperties(@DefaultValue("5m") Duration interval,
		@DefaultValue("1000") @Min(1) int batchSize) {
}
