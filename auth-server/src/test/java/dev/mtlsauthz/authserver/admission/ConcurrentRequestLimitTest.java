package dev.mtlsauthz.authserver.admission;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limit in isolation, with requests held inside the chain: a request beyond the limit
 * waits for a permit and then runs, or is turned away with a 503 once it has waited too
 * long; health checks never wait.
 */
class ConcurrentRequestLimitTest {

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch entered = new CountDownLatch(1);

	/** Holds every request inside the chain until {@link #release} opens. */
	private final FilterChain holding = (request, response) -> {
		entered.countDown();
		try {
			release.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		((MockHttpServletResponse) response).setStatus(200);
	};

	/**
	 * Each request on a thread of its own: the common pool may have a single thread on a
	 * small machine.
	 */
	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void releaseHeldRequests() {
		release.countDown();
		threads.shutdown();
	}

	@Test
	void requestBeyondTheLimitWaitsForAPermitThenRuns() throws Exception {
		ConcurrentRequestLimit limit = new ConcurrentRequestLimit(1, Duration.ofSeconds(10));
		CompletableFuture<MockHttpServletResponse> first = CompletableFuture
			.supplyAsync(() -> send(limit, "/oauth2/token", holding), threads);
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

		CompletableFuture<MockHttpServletResponse> second = CompletableFuture
			.supplyAsync(() -> send(limit, "/oauth2/token", (request, response) -> {
			}), threads);
		Thread.sleep(200);
		assertThat(second).as("waits while the only permit is taken").isNotDone();

		release.countDown();
		assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
		assertThat(second.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
	}

	@Test
	void requestThatWaitedTooLongIsToldToRetry() throws Exception {
		ConcurrentRequestLimit limit = new ConcurrentRequestLimit(1, Duration.ofMillis(100));
		CompletableFuture.runAsync(() -> send(limit, "/oauth2/token", holding), threads);
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

		MockHttpServletResponse turnedAway = send(limit, "/oauth2/token", (request, response) -> {
			throw new AssertionError("must not run");
		});

		assertThat(turnedAway.getStatus()).isEqualTo(503);
		assertThat(turnedAway.getHeader("Retry-After")).isEqualTo("1");
		assertThat(turnedAway.getContentType()).startsWith("application/json");
		assertThat(turnedAway.getContentAsString()).contains("\"error\":\"temporarily_unavailable\"")
			.contains("\"error_description\":");
	}

	@Test
	void healthChecksDoNotWait() throws Exception {
		ConcurrentRequestLimit limit = new ConcurrentRequestLimit(1, Duration.ofSeconds(10));
		CompletableFuture.runAsync(() -> send(limit, "/oauth2/token", holding), threads);
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

		MockHttpServletResponse health = CompletableFuture
			.supplyAsync(() -> send(limit, "/actuator/health", (request, response) -> {
			}), threads)
			.get(1, TimeUnit.SECONDS);

		assertThat(health.getStatus()).isEqualTo(200);
	}

	private static MockHttpServletResponse send(ConcurrentRequestLimit limit, String path, FilterChain chain) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		MockHttpServletResponse response = new MockHttpServletResponse();
		try {
			limit.doFilter(request, response, chain);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return response;
	}

}
