package dev.mtlsauthz.authserver.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;

import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@value #NAME}: the time of each request, by {@code endpoint} (the name of a known
 * endpoint, or {@code other}) and {@code outcome} ({@code SUCCESS}, {@code CLIENT_ERROR},
 * ...), with a histogram for percentiles. In place of Spring Boot's
 * {@code http.server.requests}, which stays off: its observation costs about 5% of a
 * token's CPU, and it cannot name the authorization server's endpoints (they are filters,
 * not handler mappings, so their {@code uri} tag is {@code UNKNOWN}). This is one clock
 * reading at each end, one map lookup and an array read.
 */
final class EndpointLatency extends OncePerRequestFilter {

	static final String NAME = "mtlsauthz.http.requests";

	private static final Outcome[] OUTCOMES = Outcome.values();

	private final MeterRegistry registry;

	/** By request path; read only once built. */
	private final Map<String, Endpoint> endpoints = new HashMap<>();

	private final Endpoint other = new Endpoint("other");

	EndpointLatency(MeterRegistry registry, AuthorizationServerSettings settings) {
		this.registry = registry;
		Map<String, Endpoint> byName = new HashMap<>();
		BiConsumer<String, String> endpoint = (path, name) -> endpoints.put(path,
				byName.computeIfAbsent(name, Endpoint::new));
		endpoint.accept(settings.getTokenEndpoint(), "token");
		endpoint.accept(settings.getAuthorizationEndpoint(), "authorize");
		endpoint.accept(settings.getPushedAuthorizationRequestEndpoint(), "par");
		endpoint.accept(settings.getTokenIntrospectionEndpoint(), "introspect");
		endpoint.accept(settings.getTokenRevocationEndpoint(), "revoke");
		endpoint.accept(settings.getJwkSetEndpoint(), "jwks");
		endpoint.accept(settings.getOidcUserInfoEndpoint(), "userinfo");
		endpoint.accept(settings.getOidcClientRegistrationEndpoint(), "registration");
		endpoint.accept(settings.getClientRegistrationEndpoint(), "registration");
		endpoint.accept(settings.getDeviceAuthorizationEndpoint(), "device_authorization");
		endpoint.accept(settings.getDeviceVerificationEndpoint(), "device_verification");
		endpoint.accept(settings.getOidcLogoutEndpoint(), "logout");
		endpoint.accept("/.well-known/openid-configuration", "discovery");
		endpoint.accept("/.well-known/oauth-authorization-server", "discovery");
		endpoint.accept("/login", "login");
		endpoint.accept("/oauth2/consent", "consent");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
		try {
			chain.doFilter(request, response);
			status = response.getStatus();
		}
		finally {
			endpoints.getOrDefault(request.getRequestURI(), other)
				.timer(Outcome.forStatus(status))
				.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * One endpoint's timers, one per outcome, registered at its first request (a timer
	 * with a histogram is worth publishing only once it has counted something).
	 */
	private final class Endpoint {

		private final String name;

		private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(OUTCOMES.length);

		Endpoint(String name) {
			this.name = name;
		}

		Timer timer(Outcome outcome) {
			Timer timer = timers.get(outcome.ordinal());
			if (timer == null) {
				// Registering twice at once is harmless: the registry returns the same
				// timer.
				timer = Timer.builder(NAME)
					.description("Request latency by endpoint")
					.tags("endpoint", name, "outcome", outcome.name())
					.publishPercentileHistogram()
					.minimumExpectedValue(Duration.ofMillis(1))
					.maximumExpectedValue(Duration.ofSeconds(10))
					.register(registry);
				timers.set(outcome.ordinal(), timer);
			}
			return timer;
		}

	}

}
