package dev.mtlsauthz.authserver.audit;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The audit events ({@link AuditEvents}): who publishes each one, and the log that writes
 * them all ({@link AuditLog}). Where they are kept is the business of whichever
 * {@code AuditEventRepository} bean there is, which Spring Boot's {@code AuditListener}
 * fills.
 * <p>
 * Nothing here is kept in memory: every event leaves at once, to the log and the
 * repository.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

	@Bean
	AuditEventPublisher auditEventPublisher(ApplicationEventPublisher events) {
		return new AuditEventPublisher(events);
	}

	@Bean
	AuditLog auditLog() {
		return new AuditLog();
	}

	/** Applied to {@code CertificateBoundTokenIssuance} in the security configuration. */
	@Bean
	TokenIssuedAudit tokenIssuedAudit(AuditEventPublisher audit) {
		return new TokenIssuedAudit(audit);
	}

	/** Applied to {@code CertificateBoundAccessTokens} in the security configuration. */
	@Bean
	BindingRefusedAudit bindingRefusedAudit(AuditEventPublisher audit) {
		return new BindingRefusedAudit(audit);
	}

	/** In place of Spring Boot's {@code AuthenticationAuditListener}. */
	@Bean
	AuthenticationAudit authenticationAudit(AuditEventPublisher audit, BindingRefusedAudit bindingRefused) {
		return new AuthenticationAudit(audit, bindingRefused);
	}

	/**
	 * Spring Security's publisher of authentication events, as Spring Boot makes it, but
	 * also publishing the failures it has no event type for: those of clients
	 * ({@code OAuth2AuthenticationException}), which {@link AuthenticationAudit} turns
	 * into {@link AuditEvents#CLIENT_AUTHENTICATION_FAILED}.
	 */
	@Bean
	DefaultAuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
		DefaultAuthenticationEventPublisher publisher = new DefaultAuthenticationEventPublisher(events);
		publisher.setDefaultAuthenticationFailureEvent(AuthenticationFailureBadCredentialsEvent.class);
		return publisher;
	}

	/** Every consent service, wrapped by {@link ConsentAudit}. */
	@Bean
	static BeanPostProcessor consentAudit(ObjectProvider<RegisteredClientRepository> clients,
			ObjectProvider<AuditEventPublisher> audit) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof OAuth2AuthorizationConsentService consents && !(bean instanceof ConsentAudit)) {
					return new ConsentAudit(consents, clients::getObject, audit.getObject());
				}
				return bean;
			}
		};
	}

}
