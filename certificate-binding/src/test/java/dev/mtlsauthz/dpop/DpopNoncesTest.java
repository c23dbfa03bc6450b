package dev.mtlsauthz.dpop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DpopNoncesTest {

	private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

	private static final Duration ROTATION = Duration.ofMinutes(5);

	@Test
	void nonceOfOneInstanceIsValidOnAnotherWithTheSameKey() {
		Clock clock = Clock.systemUTC();
		assertThat(new DpopNonces(KEY, ROTATION, clock).isValid(new DpopNonces(KEY, ROTATION, clock).current()))
			.isTrue();
	}

	@Test
	void nonceOfAnotherKeyIsInvalid() {
		assertThat(new DpopNonces(KEY, ROTATION, Clock.systemUTC())
			.isValid(DpopNonces.withRandomKey(ROTATION, Clock.systemUTC()).current())).isFalse();
		assertThat(new DpopNonces(KEY, ROTATION, Clock.systemUTC()).isValid("not-a-nonce")).isFalse();
	}

	@Test
	void nonceRotatesAndIsAcceptedForOneMoreRotationOnly() {
		Instant start = Instant.parse("2026-01-01T00:00:00Z");
		String nonce = new DpopNonces(KEY, ROTATION, Clock.fixed(start, ZoneOffset.UTC)).current();
		DpopNonces next = new DpopNonces(KEY, ROTATION, Clock.fixed(start.plus(ROTATION), ZoneOffset.UTC));
		assertThat(next.current()).isNotEqualTo(nonce);
		assertThat(next.isValid(nonce)).isTrue();
		assertThat(new DpopNonces(KEY, ROTATION, Clock.fixed(start.plus(ROTATION.multipliedBy(2)), ZoneOffset.UTC))
			.isValid(nonce)).isFalse();
	}

}
