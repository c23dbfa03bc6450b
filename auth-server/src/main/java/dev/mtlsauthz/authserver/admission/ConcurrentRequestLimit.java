package dev.mtlsauthz.authserver.admission;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import dev.mtlsauthz.authserver.errors.OAuth2ErrorResponseHandler;

/**
 * Lets a bounded number of requests work at once and has the others wait their turn, in
 * order of arrival. Issuing a token is CPU work (an RSA signature, the insert of its
 * authorization, TLS records); with one Tomcat worker per connection, sixteen clients on
 * two cores meant sixteen requests time-sliced by the operating system, and a request
 * descheduled halfway waited for fifteen others: p99 45 ms for a median of 8 ms. Queued
 * here instead, in arrival order, the same load had a p99 of 21 ms at the same throughput
 * (bench/README.md, "What the profiles showed", item 11). Tomcat's worker pool cannot be
 * that limit: a worker that finishes a request reads the next one on the same keep-alive
 * connection ahead of every connection waiting in the queue, so a small pool starves some
 * clients. A request that waits longer than the configured time is answered
 * {@code 503 temporarily_unavailable} with {@code Retry-After} rather than piling up.
 * Health checks are not limited, so that a busy server is not mistaken for a dead one.
 * <p>
 * Per instance by design, and safe to lose: each instance of a cluster protects its own
 * processors and connection pool.
 */
public final class ConcurrentRequestLimit extends OncePerRequestFilter {

	private final Semaphore permits;

	private final long maxWaitNanos;

	public ConcurrentRequestLimit(int maxConcurrent, Duration maxWait) {
		this.permits = new Semaphore(maxConcurrent, true);
		this.maxWaitNanos = maxWait.toNanos();
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith("/actuator/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!admitted()) {
			OAuth2ErrorResponseHandler.temporarilyUnavailable(response, Duration.ofSeconds(1),
					"The server is busy; retry after a second");
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			permits.release();
		}
	}

	private boolean admitted() {
		try {
			return permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
