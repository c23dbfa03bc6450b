package dev.mtlsauthz.authserver.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
 * reading at each end and two map lookups.
 */
final class EndpointLatency extends OncePerRequestFilter {

	static final String NAME = "mtlsauthz.http.requests";

	private final MeterRegistry registry;

	private final Map<String, String> endpoints = new HashMap<>();

	private final Map<String, Map<Outcome, Timer>> timers = new ConcurrentHashMap<>();

	EndpointLatency(MeterRegistry registry, AuthorizationServerSettings settings) {
		this.registry = registry;
		endpoints.put(settings.getTokenEndpoint(), "token");
		endpoints.put(settings.getAuthorizationEndpoint(), "authorize");
		endpoints.put(settings.getPushedAuthorizationRequestEndpoint(), "par");
		endpoints.put(settings.getTokenIntrospectionEndpoint(), "introspect");
		endpoints.put(settings.getTokenRevocationEndpoint(), "revoke");
		endpoints.put(settings.getJwkSetEndpoint(), "jwks");
		endpoints.put(settings.getOidcUserInfoEndpoint(), "userinfo");
		endpoints.put(settings.getOidcClientRegistrationEndpoint(), "registration");
		endpoints.put(settings.getClientRegistrationEndpoint(), "registration");
		endpoints.put(settings.getDeviceAuthorizationEndpoint(), "device_authorization");
		endpoints.put(settings.getDeviceVerificationEndpoint(), "device_verification");
		endpoints.put(settings.getOidcLogoutEndpoint(), "logout");
		endpoints.put("/.well-known/openid-configuration", "discovery");
		endpoints.put("/.well-known/oauth-authorization-server", "discovery");
		endpoints.put("/login", "login");
		endpoints.put("/oauth2/consent", "consent");
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
			timer(endpoints.getOrDefault(request.getRequestURI(), "other"), Outcome.forStatus(status))
				.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	private Timer timer(String endpoint, Outcome outcome) {
		return timers.computeIfAbsent(endpoint, name -> new ConcurrentHashMap<>())
			.computeIfAbsent(outcome,
					key -> Timer.builder(NAME)
						.description("Request latency by endpoint")
						.tags("endpoint", endpoint, "outcome", outcome.name())
						.publishPercentileHistogram()
						.minimumExpectedValue(Duration.ofMillis(1))
						.maximumExpectedValue(Duration.ofSeconds(10))
						.register(registry));
	}

}
