package dev.mtlsauthz.authserver.admission;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.mtlsauthz.authserver.AuthServerProperties;

/**
 * Puts {@link ConcurrentRequestLimit} in front of everything else, Spring Security
 * included.
 */
@Configuration(proxyBeanMethods = false)
class ConcurrentRequestLimitConfiguration {

	@Bean
	FilterRegistrationBean<ConcurrentRequestLimit> concurrentRequestLimit(AuthServerProperties properties) {
		AuthServerProperties.Requests requests = properties.requests();
		FilterRegistrationBean<ConcurrentRequestLimit> registration = new FilterRegistrationBean<>(
				new ConcurrentRequestLimit(requests.maxConcurrentOrDefault(), requests.maxWait()));
		// After the mTLS connector's own filter, which turns away what the connector does
		// not serve.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

}
