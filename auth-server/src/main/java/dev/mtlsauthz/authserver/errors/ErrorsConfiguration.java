package dev.mtlsauthz.authserver.errors;

import jakarta.servlet.DispatcherType;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.mtls.MtlsEndpoints;

/**
 * Errors at the endpoints clients call are RFC 6749 section 5.2 JSON errors at every
 * stage of a request: Spring Authorization Server's (through
 * {@link OAuth2ErrorResponseHandler#customize}), a request that cannot be read
 * ({@link MalformedClientRequests}), Spring Boot's error page
 * ({@link ClientEndpointErrors}) and Tomcat's ({@link OAuth2ErrorReportValve}).
 */
@Configuration(proxyBeanMethods = false)
class ErrorsConfiguration {

	/**
	 * {@code authserver.database-unavailable.*}, a branch of the one tree
	 * ({@link AuthServerProperties}).
	 */
	@Bean
	DatabaseUnavailableProperties databaseUnavailableProperties(AuthServerProperties properties) {
		return properties.databaseUnavailable();
	}

	@Bean
	ClientEndpoints clientEndpoints(AuthorizationServerSettings settings, MtlsEndpoints mtls) {
		return new ClientEndpoints(settings, mtls);
	}

	/**
	 * After the mTLS connector's filter and the request limit, before the client
	 * certificate and Spring Security.
	 */
	@Bean
	FilterRegistrationBean<MalformedClientRequests> malformedClientRequests(ClientEndpoints endpoints) {
		FilterRegistrationBean<MalformedClientRequests> registration = new FilterRegistrationBean<>(
				new MalformedClientRequests(endpoints));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

	/**
	 * After the request limit and the check of malformed requests, around the sign-in
	 * sessions' filter (which reads and writes sessions in the database), Spring Security
	 * and every endpoint.
	 */
	@Bean
	FilterRegistrationBean<DatabaseUnavailable> databaseUnavailable(ClientEndpoints endpoints,
			DatabaseUnavailableProperties properties) {
		FilterRegistrationBean<DatabaseUnavailable> registration = new FilterRegistrationBean<>(
				new DatabaseUnavailable(endpoints, properties.retryAfter()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ClientEndpointErrors> clientEndpointErrors(ClientEndpoints endpoints) {
		FilterRegistrationBean<ClientEndpointErrors> registration = new FilterRegistrationBean<>(
				new ClientEndpointErrors(endpoints));
		registration.setDispatcherTypes(DispatcherType.ERROR);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * Replaces the {@link ErrorReportValve} that Spring Boot adds to the host (its own
	 * context customizer, which runs before this one) with
	 * {@link OAuth2ErrorReportValve}, and names it the host's error report valve, which
	 * the host would otherwise add again when it starts.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> oauth2ErrorReportValve() {
		return factory -> factory.addContextCustomizers(context -> {
			StandardHost host = (StandardHost) context.getParent();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			OAuth2ErrorReportValve valve = new OAuth2ErrorReportValve();
			valve.setShowReport(false);
			valve.setShowServerInfo(false);
			host.getPipeline().addValve(valve);
			host.setErrorReportValveClass(OAuth2ErrorReportValve.class.getName());
		});
	}

}
