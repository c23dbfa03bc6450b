package dev.mtlsauthz.client.tls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.mtlsauthz.certs.KeyAlgorithm;
import dev.mtlsauthz.client.certificate.EphemeralClientCertificate;

import static org.assertj.core.api.Assertions.assertThat;

class MtlsConnectionsTest {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

	private final Clock clock = new Clock() {
		@Override
		public Instant instant() {
			return now.get();
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}
	};

	private final EphemeralClientCertificate certificate = new EphemeralClientCertificate("CN=client",
			Duration.ofHours(1), Duration.ofMinutes(10), KeyAlgorithm.EC_P256, clock);

	private final MtlsConnections connections = new MtlsConnections(certificate, null, clock);

	@Test
	void oneConnectionPerCertificateUntilTheCertificateIsDueForRenewal() {
		MtlsConnection first = connections.current();
		advance(Duration.ofMinutes(49));
		assertThat(connections.current()).isSameAs(first);

		advance(Duration.ofMinutes(1));
		MtlsConnection renewed = connections.current();

		assertThat(renewed).isNotSameAs(first);
		assertThat(renewed.thumbprint()).isNotEqualTo(first.thumbprint());
		assertThat(renewed.sslContext()).isNotSameAs(first.sslContext());
		assertThat(renewed.certificate().certificate().getNotAfter().toInstant())
			.isEqualTo(now.get().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
	}

	@Test
	void aTokenGoesOutWithTheCertificateItWasObtainedWithUntilThatCertificateExpires() {
		MtlsConnection first = connections.current();
		connections.bind("old-token", first, now.get().plus(Duration.ofHours(2)));
		advance(Duration.ofMinutes(55));

		MtlsConnection renewed = connections.current();

		assertThat(connections.forAuthorization("Bearer old-token")).isSameAs(first);
		assertThat(connections.boundToCurrent("old-token")).isFalse();
		assertThat(connections.forAuthorization("Bearer unknown")).isSameAs(renewed);
		assertThat(connections.forAuthorization("Basic Y2xpZW50OnNlY3JldA==")).isSameAs(renewed);
		assertThat(connections.forAuthorization(null)).isSameAs(renewed);

		advance(Duration.ofMinutes(6));
		assertThat(connections.forAuthorization("Bearer old-token")).isNotSameAs(first);
	}

	@Test
	void expiredBindingsAreForgotten() {
		connections.bind("short-lived", connections.current(), now.get().plus(Duration.ofMinutes(1)));
		advance(Duration.ofMinutes(51));
		MtlsConnection renewed = connections.current();
		assertThat(connections.boundToCurrent("short-lived")).isFalse();

		connections.bind("next", renewed, now.get().plus(Duration.ofMinutes(5)));

		assertThat(connections.boundToCurrent("short-lived")).as("an unknown token").isTrue();
	}

	@Test
	void aTokenWithoutExpiryIsKeptWhileItsCertificateIsValid() {
		MtlsConnection first = connections.current();
		connections.bind("no-expiry", first, null);
		advance(Duration.ofMinutes(55));
		connections.bind("next", connections.current(), now.get().plus(Duration.ofMinutes(5)));

		assertThat(connections.forAuthorization("Bearer no-expiry")).isSameAs(first);
	}

	private void advance(Duration duration) {
		now.set(now.get().plus(duration));
	}

}
