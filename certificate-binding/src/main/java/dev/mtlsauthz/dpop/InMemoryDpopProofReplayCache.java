package dev.mtlsauthz.dpop;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code jti} of accepted DPoP proofs in this instance's memory. Per instance: behind
 * a load balancer, a proof replayed to another instance is accepted there once more
 * within its lifetime. Use {@link JdbcDpopProofReplayCache} when several instances serve
 * one resource. Expired entries are dropped at most once a second, by the request that
 * finds them due; beyond {@code maxSize} live entries new proofs are refused rather than
 * forgotten proofs accepted.
 */
public class InMemoryDpopProofReplayCache implements DpopProofReplayCache {

	private static final long CLEANUP_INTERVAL_MILLIS = 1000;

	private final Map<String, Instant> used = new ConcurrentHashMap<>();

	private final AtomicLong lastCleanup = new AtomicLong();

	private final int maxSize;

	private final Clock clock;

	public InMemoryDpopProofReplayCache(int maxSize, Clock clock) {
		this.maxSize = maxSize;
		this.clock = clock;
	}

	@Override
	public boolean firstUse(String jti, Instant rememberUntil) {
		cleanUpIfDue();
		if (used.size() >= maxSize) {
			return false;
		}
		return used.putIfAbsent(DpopProofReplayCache.hash(jti), rememberUntil) == null;
	}

	private void cleanUpIfDue() {
		long now = clock.millis();
		long last = lastCleanup.get();
		if (now - last >= CLEANUP_INTERVAL_MILLIS && lastCleanup.compareAndSet(last, now)) {
			Instant instant = clock.instant();
			used.values().removeIf(until -> until.isBefore(instant));
		}
	}

}
