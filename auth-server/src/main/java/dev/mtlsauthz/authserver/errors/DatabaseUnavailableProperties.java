package dev.mtlsauthz.authserver.errors;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a request answered {@code 503} because the database is unavailable tells the
 * client ({@link DatabaseUnavailable}).
 *
 * @param retryAfter the {@code Retry-After} of that answer, in whole seconds (at least
 * one)
 */
public record DatabaseUnavailableProperties(@DefaultValue("5s") Duration retryAfter) {
}
