package dev.mtlsauthz.authserver.account;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mtlsauthz.authserver.audit.AuditEventPublisher;

/**
 * A signed-in user's own pages: the connected applications
 * ({@link ConnectedApplicationsController}), each of which the user may disconnect.
 */
@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

	@Bean
	ConnectedApplications connectedApplications(JdbcTemplate jdbc, TransactionTemplate transactions,
			RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents, AuditEventPublisher audit,
			ObjectProvider<Clock> clock) {
		return new ConnectedApplications(jdbc, transactions, clients, consents, audit,
				clock.getIfAvailable(Clock::systemUTC));
	}

}
