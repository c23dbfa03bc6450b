package dev.mtlsauthz.mtls;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Installs {@link ClientCertificateFilter} ahead of Spring Security in any servlet application that has this
 * library on its class path.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ClientCertificateAutoConfiguration {

    /** Before Spring Security's filter chain (order -100) and Spring's request-context filter (-105). */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

    @Bean
    @ConditionalOnMissingBean
    ClientCertificateResolver clientCertificateResolver() {
        return ClientCertificateResolver.tlsConnection();
    }

    @Bean
    FilterRegistrationBean<ClientCertificateFilter> clientCertificateFilter(ClientCertificateResolver resolver) {
        FilterRegistrationBean<ClientCertificateFilter> registration = new FilterRegistrationBean<>(
                new ClientCertificateFilter(resolver));
        registration.setOrder(FILTER_ORDER);
        return registration;
    }
}
