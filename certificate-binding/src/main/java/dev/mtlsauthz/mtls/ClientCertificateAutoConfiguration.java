package dev.mtlsauthz.mtls;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Installs {@link ClientCertificateFilter} ahead of Spring Security in any servlet
 * application that has this library on its class path, reading the certificate where
 * {@link ClientCertificateProperties} says: the TLS connection, or a trusted
 * TLS-terminating proxy's header.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(ClientCertificateProperties.class)
public class ClientCertificateAutoConfiguration {

	/**
	 * Before Spring Security's filter chain (order -100), whose client authentication and
	 * proof-of-possession checks read the resolved certificate.
	 */
	public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	@Bean
	@ConditionalOnMissingBean
	ClientCertificateResolver clientCertificateResolver(ClientCertificateProperties properties) {
		return switch (properties.source()) {
			case TLS -> ClientCertificateResolver.tlsConnection();
			case HEADER -> TrustedProxyClientCertificateResolver.of(properties);
		};
	}

	@Bean
	FilterRegistrationBean<ClientCertificateFilter> clientCertificateFilter(ClientCertificateResolver resolver) {
		FilterRegistrationBean<ClientCertificateFilter> registration = new FilterRegistrationBean<>(
				new ClientCertificateFilter(resolver));
		registration.setOrder(FILTER_ORDER);
		return registration;
	}

}
