package dev.mtlsauthz.authserver.metrics;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The metrics connector ({@code authserver.metrics.port}) and the filter that keeps the
 * Prometheus endpoint to it: the metrics connector serves {@code /actuator/prometheus}
 * and nothing else, and every other connector (the issuer's, the mTLS aliases') answers
 * {@code /actuator/prometheus} with 404, whatever
 * {@code management.endpoints.web.exposure} says. Spring Boot's own
 * {@code management.server.port} is not used: it would move every actuator endpoint
 * there, the health probes and the operator's {@code signingkeys} endpoint (which needs
 * TLS and a certificate-bound token) too.
 */
final class MetricsConnector extends OncePerRequestFilter {

	private static final RequestMatcher PROMETHEUS = EndpointRequest.to("prometheus");

	private final MetricsProperties properties;

	MetricsConnector(MetricsProperties properties) {
		this.properties = properties;
	}

	/** Adds the connector to the embedded Tomcat, when a port is set. */
	void addTo(TomcatServletWebServerFactory factory) {
		if (properties.port() == null) {
			return;
		}
		Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
		connector.setPort(properties.port());
		connector.setProperty("address", properties.address());
		// Threads of its own, few: a scrape is answered while the public connectors are
		// saturated, and costs them nothing.
		AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
		protocol.setMaxThreads(2);
		protocol.setMinSpareThreads(1);
		factory.addAdditionalConnectors(connector);
	}

	/** Whether the request came in through the metrics connector. */
	boolean isMetricsRequest(HttpServletRequest request) {
		return properties.port() != null && request.getLocalPort() == properties.port();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (isMetricsRequest(request) != PROMETHEUS.matches(request)) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		chain.doFilter(request, response);
	}

}
