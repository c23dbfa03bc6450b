package dev.mtlsauthz.authserver.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.context.ApplicationListener;

import dev.mtlsauthz.authserver.audit.AuditEvents;

/**
 * Counts the audit events, so that the metrics and the audit trail never disagree:
 * <ul>
 * <li>{@value #TOKENS_ISSUED}: token responses, by {@code grant_type}, client
 * authentication {@code method} and {@code binding} ({@code x5t#S256}, {@code jkt} or
 * {@code none});</li>
 * <li>{@value #CLIENT_AUTHENTICATION_FAILURES}: by {@code reason} (the OAuth error code)
 * and {@code method};</li>
 * <li>{@value #BINDING_REFUSALS}: bound tokens refused without their certificate, by
 * {@code reason} ({@code invalid_token} at userinfo and registration,
 * {@code invalid_grant} at a refresh);</li>
 * <li>{@value #SIGN_INS}: sign-ins at the login page, by {@code outcome}.</li>
 * </ul>
 * Every tag takes one of a few values (grant types, methods and error codes the server
 * knows), never a client id or user name, so each counter is registered once and kept
 * here: an event costs a map lookup and an increment, not a registry lookup.
 */
class AuditMetrics implements ApplicationListener<AuditApplicationEvent> {

	static final String TOKENS_ISSUED = "mtlsauthz.tokens.issued";

	static final String CLIENT_AUTHENTICATION_FAILURES = "mtlsauthz.client.authentication.failures";

	static final String BINDING_REFUSALS = "mtlsauthz.binding.refusals";

	static final String SIGN_INS = "mtlsauthz.sign.ins";

	private final MeterRegistry registry;

	/** By name and tags, alternately. */
	private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

	AuditMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onApplicationEvent(AuditApplicationEvent applicationEvent) {
		AuditEvent event = applicationEvent.getAuditEvent();
		Map<String, Object> data = event.getData();
		switch (event.getType()) {
			case AuditEvents.TOKEN_ISSUED ->
				count(TOKENS_ISSUED, "Token responses", "grant_type", tag(data, AuditEvents.GRANT_TYPE), "method",
						tag(data, AuditEvents.METHOD), "binding", tag(data, AuditEvents.BINDING));
			case AuditEvents.CLIENT_AUTHENTICATION_FAILED ->
				count(CLIENT_AUTHENTICATION_FAILURES, "Failed client authentications", "reason",
						tag(data, AuditEvents.REASON), "method", tag(data, AuditEvents.METHOD));
			case AuditEvents.BINDING_REFUSED ->
				count(BINDING_REFUSALS, "Certificate-bound tokens refused without their certificate", "reason",
						tag(data, AuditEvents.REASON));
			case AuditEvents.SIGN_IN_SUCCESS -> count(SIGN_INS, "Sign-ins at the login page", "outcome", "success");
			case AuditEvents.SIGN_IN_FAILURE -> count(SIGN_INS, "Sign-ins at the login page", "outcome", "failure");
			default -> {
			}
		}
	}

	private void count(String name, String description, String... tags) {
		String[] key = new String[tags.length + 1];
		key[0] = name;
		System.arraycopy(tags, 0, key, 1, tags.length);
		counters
			.computeIfAbsent(List.of(key),
					id -> Counter.builder(name).description(description).tags(tags).register(registry))
			.increment();
	}

	private static String tag(Map<String, Object> data, String name) {
		Object value = data.get(name);
		return value != null ? value.toString() : "none";
	}

}
