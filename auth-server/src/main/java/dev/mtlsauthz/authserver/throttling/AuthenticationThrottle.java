package dev.mtlsauthz.authserver.throttling;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.mtlsauthz.authserver.throttling.ThrottleKeys.Realm;

/**
 * Slows the guessing of secrets: failed authentications with a client secret or a
 * password are counted in the database ({@link AuthenticationFailures}) under three keys,
 * the account from the source address, the account from anywhere and the source address,
 * and an attempt while one of its keys is locked is refused before its secret is checked,
 * right or wrong, so that a lockout tells nothing about the secret.
 * <p>
 * Cost on the way of a successful authentication: one {@code SELECT} of at most three
 * rows by primary key, and no write, except the {@code DELETE} that forgets the failures
 * of the account from this address when there were any. After a success that found no
 * failure and no lockout, the same account from the same address skips the {@code SELECT}
 * on this instance for {@link #CLEAN_FOR} ({@link #clean}: per instance, bounded, safe to
 * lose; any failure counted here forgets it at once), so a client requesting tokens at a
 * steady rate reads the table about once a second rather than on every request. The
 * price: a lockout counted by another instance reaches an account that has just
 * authenticated successfully from that address on this instance up to {@link #CLEAN_FOR}
 * later. Clients that authenticate with a certificate ({@code tls_client_auth},
 * {@code self_signed_tls_client_auth}) or a private key ({@code private_key_jwt}) pay
 * nothing and are never locked out: their keys cannot be guessed, so failed secret
 * guesses by someone else must not stop them.
 */
public class AuthenticationThrottle {

	/** How long a success without failures spares its account and address the read. */
	static final Duration CLEAN_FOR = Duration.ofSeconds(1);

	private static final int MAX_CLEAN = 10_000;

	private final AuthenticationFailures failures;

	private final ThrottlePolicy policy;

	private final boolean enabled;

	/**
	 * The keys whose last read found neither a lockout nor a failure and whose attempt
	 * then succeeded, until when that read stands in for a new one. Per instance and safe
	 * to lose (the next attempt reads the table); cleared when it grows past
	 * {@link #MAX_CLEAN} entries.
	 */
	private final Map<ThrottleKeys, Instant> clean = new ConcurrentHashMap<>();

	/**
	 * Counts the failures counted here, so that a success whose read came before a
	 * failure does not mark its keys clean after that failure forgot them.
	 */
	private final AtomicLong failuresCounted = new AtomicLong();

	public AuthenticationThrottle(AuthenticationFailures failures, ThrottlePolicy policy, boolean enabled) {
		this.failures = failures;
		this.policy = policy;
		this.enabled = enabled;
	}

	/**
	 * The provider, throttled when it checks client secrets (Spring Authorization
	 * Server's {@link ClientSecretAuthenticationProvider}, and its
	 * {@link JwtClientAssertionAuthenticationProvider} for {@code client_secret_jwt});
	 * any other as it is.
	 */
	public AuthenticationProvider clientAuthentication(AuthenticationProvider provider) {
		if (enabled && (provider instanceof ClientSecretAuthenticationProvider
				|| provider instanceof JwtClientAssertionAuthenticationProvider)) {
			return new ThrottledClientAuthentication(provider, this);
		}
		return provider;
	}

	/** The sign-in's password check, throttled. */
	public AuthenticationProvider signIn(AuthenticationProvider provider) {
		return enabled ? new ThrottledSignIn(provider, this) : provider;
	}

	/**
	 * Starts an attempt by an account from the source address in the authentication's
	 * details ({@link WebAuthenticationDetails}, which Spring Security's filters add).
	 */
	Attempt attempt(Realm realm, String identity, Object details) {
		String address = details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
		ThrottleKeys keys = ThrottleKeys.of(realm, identity, address, policy);
		Instant now = failures.now();
		Instant cleanUntil = clean.get(keys);
		if (cleanUntil != null && cleanUntil.isAfter(now)) {
			return new Attempt(keys, Duration.ZERO, false, -1);
		}
		long failuresBefore = failuresCounted.get();
		Map<String, FailureCount> counts = failures.counts(keys.all());
		Duration lockedFor = counts.values()
			.stream()
			.filter(count -> count.lockedAt(now))
			.map(count -> Duration.between(now, count.lockedUntil()))
			.max(Comparator.naturalOrder())
			.orElse(Duration.ZERO);
		FailureCount pair = keys.identityAndAddress() != null ? counts.get(keys.identityAndAddress().hash()) : null;
		boolean failedFromHereBefore = pair != null && pair.live(now);
		boolean found = !lockedFor.isZero() || failedFromHereBefore;
		return new Attempt(keys, lockedFor, failedFromHereBefore, found ? -1 : failuresBefore);
	}

	/** One authentication attempt: whether it is refused, and what it ends in. */
	final class Attempt {

		private final ThrottleKeys keys;

		private final Duration lockedFor;

		private final boolean failedFromHereBefore;

		/**
		 * {@link #failuresCounted} when the table was read and found nothing for these
		 * keys; {@code -1} when it found something or was not read.
		 */
		private final long cleanAsOf;

		private Attempt(ThrottleKeys keys, Duration lockedFor, boolean failedFromHereBefore, long cleanAsOf) {
			this.keys = keys;
			this.lockedFor = lockedFor;
			this.failedFromHereBefore = failedFromHereBefore;
			this.cleanAsOf = cleanAsOf;
		}

		/**
		 * Authenticates with the provider unless a key is locked (then {@code refusal}
		 * says so, before the credentials are looked at), and counts the outcome: a
		 * failure when the provider throws what {@code counts} accepts, a success when it
		 * authenticates.
		 */
		Authentication authenticate(AuthenticationProvider provider, Authentication authentication,
				Predicate<AuthenticationException> counts,
				Function<Duration, ? extends AuthenticationException> refusal) {
			if (!lockedFor.isZero()) {
				throw refusal.apply(lockedFor);
			}
			Authentication authenticated;
			try {
				authenticated = provider.authenticate(authentication);
			}
			catch (AuthenticationException ex) {
				if (counts.test(ex)) {
					failed();
				}
				throw ex;
			}
			if (authenticated != null) {
				succeeded();
			}
			return authenticated;
		}

		void failed() {
			failuresCounted.incrementAndGet();
			clean.remove(keys);
			failures.failed(keys);
		}

		/**
		 * Forgets the account's failures from this address, if any. The account's count
		 * from anywhere and the address's count stay: another address guessing at the
		 * account, or this address guessing at others, is not excused by one success.
		 */
		private void succeeded() {
			if (failedFromHereBefore) {
				failures.forget(keys.identityAndAddress());
			}
			else if (cleanAsOf >= 0 && cleanAsOf == failuresCounted.get()) {
				if (clean.size() >= MAX_CLEAN) {
					clean.clear();
				}
				clean.put(keys, failures.now().plus(CLEAN_FOR));
			}
		}

	}

	/** Whole seconds, rounded up, for {@code Retry-After} and messages. */
	static long seconds(Duration duration) {
		return Math.max(1, (duration.toMillis() + 999) / 1000);
	}

	/** The time to wait in words: "1 second", "30 seconds". */
	static String waitingTime(Duration duration) {
		long seconds = seconds(duration);
		return seconds == 1 ? "1 second" : seconds + " seconds";
	}

}
