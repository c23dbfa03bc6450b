package dev.mtlsauthz.authserver.clients;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The tokens of a disabled client are not found, so introspection answers
 * {@code active: false}, a refresh is {@code invalid_grant} and the userinfo endpoint
 * refuses them, while the rows stay stored in case the client is enabled again.
 */
public final class DisabledClientAuthorizations implements OAuth2AuthorizationService {

	private final OAuth2AuthorizationService delegate;

	private final EnabledClientsRepository clients;

	public DisabledClientAuthorizations(OAuth2AuthorizationService delegate, EnabledClientsRepository clients) {
		this.delegate = delegate;
		this.clients = clients;
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		return ofEnabledClient(delegate.findByToken(token, tokenType));
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return ofEnabledClient(delegate.findById(id));
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		delegate.save(authorization);
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		delegate.remove(authorization);
	}

	private OAuth2Authorization ofEnabledClient(OAuth2Authorization authorization) {
		if (authorization == null || clients.findById(authorization.getRegisteredClientId()) == null) {
			return null;
		}
		return authorization;
	}

}
