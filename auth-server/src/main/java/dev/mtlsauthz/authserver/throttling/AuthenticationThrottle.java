package dev.mtlsauthz.authserver.throttling;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
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
 * of the account from this address when there were any. Clients that authenticate with a
 * certificate ({@code tls_client_auth}, {@code self_signed_tls_client_auth}) or a private
 * key ({@code private_key_jwt}) pay nothing and are never locked out: their keys cannot
 * be guessed, so failed secret guesses by someone else must not stop them.
 */
public class AuthenticationThrottle {

	private final AuthenticationFailures failures;

	private final ThrottlePolicy policy;

	private final boolean enabled;

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
		Map<String, FailureCount> counts = failures.counts(keys.all());
		Instant now = failures.now();
		Duration lockedFor = counts.values()
			.stream()
			.filter(count -> count.lockedAt(now))
			.map(count -> Duration.between(now, count.lockedUntil()))
			.max(Comparator.naturalOrder())
			.orElse(Duration.ZERO);
		FailureCount pair = keys.identityAndAddress() != null ? counts.get(keys.identityAndAddress().hash()) : null;
		return new Attempt(keys, lockedFor, pair != null && pair.live(now));
	}

	/** One authentication attempt: whether it is refused, and what it ends in. */
	final class Attempt {

		private final ThrottleKeys keys;

		private final Duration lockedFor;

		private final boolean failedFromHereBefore;

		private Attempt(ThrottleKeys keys, Duration lockedFor, boolean failedFromHereBefore) {
			this.keys = keys;
			this.lockedFor = lockedFor;
			this.failedFromHereBefore = failedFromHereBefore;
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
