package dev.mtlsauthz.resourceapi.tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2TokenIntrospectionClaimNames;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * Reuses an active introspection result (RFC 7662 section 2.2) for a short while, so that
 * a client calling the API in a burst costs the authorization server one introspection.
 * An entry never outlives the token's {@code exp}, and inactive results are never cached,
 * so a token is not accepted after it expires; a revocation takes effect within the time
 * to live at most (RFC 7662 section 4 discusses this trade-off).
 * <p>
 * Only the token's claims are cached: proof of possession is checked on every request
 * against that request's certificate.
 */
public class CachingOpaqueTokenIntrospector implements OpaqueTokenIntrospector {

	/**
	 * Beyond this many entries the expired ones are dropped, and if that is not enough,
	 * all of them.
	 */
	private static final int MAX_ENTRIES = 10_000;

	private final OpaqueTokenIntrospector delegate;

	private final Duration timeToLive;

	private final Clock clock;

	private final Map<String, Entry> cache = new ConcurrentHashMap<>();

	public CachingOpaqueTokenIntrospector(OpaqueTokenIntrospector delegate, Duration timeToLive, Clock clock) {
		this.delegate = delegate;
		this.timeToLive = timeToLive;
		this.clock = clock;
	}

	@Override
	public OAuth2AuthenticatedPrincipal introspect(String token) {
		Instant now = clock.instant();
		Entry cached = cache.get(token);
		if (cached != null && now.isBefore(cached.expiresAt())) {
			return cached.principal();
		}
		OAuth2AuthenticatedPrincipal principal = delegate.introspect(token);
		Instant expiresAt = now.plus(timeToLive);
		if (principal.getAttribute(OAuth2TokenIntrospectionClaimNames.EXP) instanceof Instant exp
				&& exp.isBefore(expiresAt)) {
			expiresAt = exp;
		}
		if (now.isBefore(expiresAt)) {
			evictIfFull(now);
			cache.put(token, new Entry(principal, expiresAt));
		}
		return principal;
	}

	private void evictIfFull(Instant now) {
		if (cache.size() < MAX_ENTRIES) {
			return;
		}
		cache.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
		if (cache.size() >= MAX_ENTRIES) {
			cache.clear();
		}
	}

	private record Entry(OAuth2AuthenticatedPrincipal principal, Instant expiresAt) {
	}

}
