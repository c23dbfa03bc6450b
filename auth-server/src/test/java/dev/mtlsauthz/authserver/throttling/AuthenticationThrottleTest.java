package dev.mtlsauthz.authserver.throttling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.mtlsauthz.authserver.throttling.ThrottleKeys.Realm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The read that a successful authentication saves: after a success that found nothing,
 * the same account from the same address skips the table for
 * {@link AuthenticationThrottle#CLEAN_FOR}, and a failure counted here ends that at once.
 */
class AuthenticationThrottleTest {

	private static final ThrottlePolicy POLICY = new ThrottlePolicy(3, 6, 10, Duration.ofSeconds(30),
			Duration.ofSeconds(60), Duration.ofHours(1));

	private static final WebAuthenticationDetails FROM = new WebAuthenticationDetails("192.0.2.7", null);

	private final CountingFailures failures = new CountingFailures();

	private final AuthenticationThrottle throttle = new AuthenticationThrottle(failures, POLICY, true);

	@Test
	void aSuccessWithoutFailuresSparesTheNextAttemptsTheReadUntilItExpires() {
		succeed();
		succeed();
		succeed();
		assertThat(failures.reads).as("one read, then the success stands in for it").isEqualTo(1);

		failures.advance(AuthenticationThrottle.CLEAN_FOR.plusMillis(1));
		succeed();
		assertThat(failures.reads).as("read again once the success is older than CLEAN_FOR").isEqualTo(2);
	}

	@Test
	void aFailureCountedHereEndsTheSparedReadsAtOnce() {
		succeed();
		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(() -> authenticate(wrong()));
		assertThat(failures.failuresCounted).isEqualTo(1);
		int reads = failures.reads;

		succeed();
		assertThat(failures.reads).as("the attempt after a failure reads the table").isEqualTo(reads + 1);
		assertThat(failures.forgotten).as("and the success forgets the failure from this address").isEqualTo(1);
	}

	@Test
	void aLockoutFoundInTheTableIsNeverSkipped() {
		failures.lockEverything();
		for (int attempt = 0; attempt < 3; attempt++) {
			assertThatExceptionOfType(ClientAuthenticationThrottledException.class)
				.isThrownBy(() -> authenticate(right()));
		}
		assertThat(failures.reads).isEqualTo(3);
	}

	@Test
	void otherAccountsAndAddressesReadForThemselves() {
		succeed();
		throttle.attempt(Realm.CLIENT, "another-client", FROM)
			.authenticate(right(), new TestingAuthenticationToken("another-client", "secret"), ex -> true,
					ClientAuthenticationThrottledException::new);
		throttle.attempt(Realm.CLIENT, "client", new WebAuthenticationDetails("192.0.2.8", null))
			.authenticate(right(), new TestingAuthenticationToken("client", "secret"), ex -> true,
					ClientAuthenticationThrottledException::new);
		assertThat(failures.reads).isEqualTo(3);
	}

	private void succeed() {
		assertThat(authenticate(right())).isNotNull();
	}

	private Authentication authenticate(AuthenticationProvider provider) {
		return throttle.attempt(Realm.CLIENT, "client", FROM)
			.authenticate(provider, new TestingAuthenticationToken("client", "secret"), ex -> true,
					ClientAuthenticationThrottledException::new);
	}

	private static AuthenticationProvider right() {
		return provider(false);
	}

	private static AuthenticationProvider wrong() {
		return provider(true);
	}

	private static AuthenticationProvider provider(boolean fail) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				if (fail) {
					throw new BadCredentialsException("wrong secret");
				}
				return new TestingAuthenticationToken(authentication.getName(), null, "ROLE_CLIENT");
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return true;
			}

		};
	}

	/** The table, in memory: counts its reads, failures and forgotten keys. */
	private static final class CountingFailures extends AuthenticationFailures {

		private final Map<String, FailureCount> rows = new HashMap<>();

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		private int reads;

		private int failuresCounted;

		private int forgotten;

		CountingFailures() {
			super(null, null, POLICY, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
		}

		void advance(Duration duration) {
			now = now.plus(duration);
		}

		void lockEverything() {
			for (ThrottleKey key : ThrottleKeys.of(Realm.CLIENT, "client", "192.0.2.7", POLICY).all()) {
				rows.put(key.hash(), new FailureCount(3, now.plusSeconds(30), now.plusSeconds(3600)));
			}
		}

		@Override
		Instant now() {
			return now;
		}

		@Override
		Map<String, FailureCount> counts(List<ThrottleKey> keys) {
			reads++;
			Map<String, FailureCount> found = new HashMap<>();
			keys.forEach(key -> {
				if (rows.containsKey(key.hash())) {
					found.put(key.hash(), rows.get(key.hash()));
				}
			});
			return found;
		}

		@Override
		void failed(ThrottleKeys keys) {
			failuresCounted++;
			keys.all().forEach(key -> rows.put(key.hash(), FailureCount.after(rows.get(key.hash()), now, 3, POLICY)));
		}

		@Override
		void forget(ThrottleKey key) {
			forgotten++;
			rows.remove(key.hash());
		}

	}

}
