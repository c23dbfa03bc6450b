package dev.mtlsauthz.authserver.metrics;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.keys.SigningKeySet;

/**
 * The server's own metrics ({@link AuditMetrics}, {@link EndpointLatency},
 * {@link SigningKeyAge}; Spring Boot adds the database pool's, the JVM's and Tomcat's),
 * recorded by Micrometer into its Prometheus registry and served at
 * {@code /actuator/prometheus} on the metrics connector only ({@link MetricsConnector},
 * {@code authserver.metrics.port}). Each instance of a cluster counts its own requests:
 * Prometheus sums them across instances.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	/**
	 * {@code authserver.metrics.*}, a branch of the one tree
	 * ({@link AuthServerProperties}).
	 */
	@Bean
	MetricsProperties metricsProperties(AuthServerProperties properties) {
		return properties.metrics();
	}

	@Bean
	AuditMetrics auditMetrics(MeterRegistry registry) {
		return new AuditMetrics(registry);
	}

	@Bean
	SigningKeyAge signingKeyAge(SigningKeySet keys, ObjectProvider<Clock> clock) {
		return new SigningKeyAge(keys, clock.getIfAvailable(Clock::systemUTC));
	}

	/** First of all filters, so that it times everything a request costs. */
	@Bean
	FilterRegistrationBean<EndpointLatency> endpointLatency(MeterRegistry registry,
			AuthorizationServerSettings settings) {
		FilterRegistrationBean<EndpointLatency> registration = new FilterRegistrationBean<>(
				new EndpointLatency(registry, settings));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	MetricsConnector metricsConnector(MetricsProperties properties) {
		return new MetricsConnector(properties);
	}

	@Bean
	FilterRegistrationBean<MetricsConnector> metricsConnectorFilter(MetricsConnector connector) {
		FilterRegistrationBean<MetricsConnector> registration = new FilterRegistrationBean<>(connector);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> metricsConnectorCustomizer(MetricsConnector connector) {
		return connector::addTo;
	}

	/**
	 * The metrics connector needs no sign-in: it serves the Prometheus endpoint only, on
	 * an address that only the monitoring reaches.
	 */
	@Bean
	@Order(-1)
	SecurityFilterChain metricsScrape(HttpSecurity http, MetricsConnector connector) {
		http.securityMatcher(connector::isMetricsRequest)
			.authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.csrf(AbstractHttpConfigurer::disable);
		return http.build();
	}

}
