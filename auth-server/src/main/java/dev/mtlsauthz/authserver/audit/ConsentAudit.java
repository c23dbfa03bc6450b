package dev.mtlsauthz.authserver.audit;

import java.util.function.Supplier;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * {@link AuditEvents#CONSENT_GRANTED} and {@link AuditEvents#CONSENT_WITHDRAWN}: wraps
 * the consent service, which everything that changes a consent goes through (Spring
 * Authorization Server's consent step at the authorization and device verification
 * endpoints, a user's connected applications, the admin API). A saved consent is granted
 * (its scopes are all the scopes it now holds); a removed one is withdrawn, also when the
 * user denies an application a consent it held before, which Spring Authorization Server
 * answers by removing it.
 */
class ConsentAudit implements OAuth2AuthorizationConsentService {

	private final OAuth2AuthorizationConsentService consents;

	private final Supplier<RegisteredClientRepository> clients;

	private final AuditEventPublisher audit;

	ConsentAudit(OAuth2AuthorizationConsentService consents, Supplier<RegisteredClientRepository> clients,
			AuditEventPublisher audit) {
		this.consents = consents;
		this.clients = clients;
		this.audit = audit;
	}

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		consents.save(consent);
		publish(AuditEvents.CONSENT_GRANTED, consent);
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		consents.remove(consent);
		publish(AuditEvents.CONSENT_WITHDRAWN, consent);
	}

	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		return consents.findById(registeredClientId, principalName);
	}

	private void publish(String type, OAuth2AuthorizationConsent consent) {
		RegisteredClient client = clients.get().findById(consent.getRegisteredClientId());
		audit.publish(type, consent.getPrincipalName(), AuditEvents.CLIENT_ID,
				client != null ? client.getClientId() : consent.getRegisteredClientId(), AuditEvents.USER,
				consent.getPrincipalName(), AuditEvents.SCOPE, AuditEventPublisher.scopes(consent.getScopes()));
	}

}
