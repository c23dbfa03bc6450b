package dev.mtlsauthz.authserver.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.mtlsauthz.authserver.keys.SigningKey;
import dev.mtlsauthz.authserver.keys.SigningKeySet;
import dev.mtlsauthz.authserver.keys.SigningKeyState;

/**
 * {@value #NAME}: how long the oldest signing key that signs has been signing (0 when
 * none does), read from this instance's copy of the key set when Prometheus scrapes. It
 * grows to {@code authserver.keys.rotation.interval} and falls at each rotation; above
 * it, rotation has stopped.
 */
final class SigningKeyAge implements MeterBinder {

	static final String NAME = "mtlsauthz.signing.key.age";

	private final SigningKeySet keys;

	private final Clock clock;

	SigningKeyAge(SigningKeySet keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		TimeGauge.builder(NAME, this, TimeUnit.SECONDS, SigningKeyAge::seconds)
			.description("Age of the oldest active signing key")
			.register(registry);
	}

	private double seconds() {
		Instant now = clock.instant();
		return keys.keys()
			.stream()
			.filter(key -> key.state() == SigningKeyState.ACTIVE)
			.map(SigningKey::activatesAt)
			.filter(activated -> activated != null && activated.isBefore(now))
			.min(Instant::compareTo)
			.map(activated -> (double) Duration.between(activated, now).toSeconds())
			.orElse(0.0);
	}

}
