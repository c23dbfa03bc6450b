package dev.mtlsauthz.client.token;

import java.time.Instant;

import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

import dev.mtlsauthz.client.tls.MtlsConnections;

/**
 * Treats an access token bound to a certificate the client no longer presents as expired,
 * so that the wrapped provider gets a new one: with the {@code client_credentials} grant,
 * or with the refresh token, which a confidential client may use with its new certificate
 * (RFC 8705 section 7.1). Otherwise a renewed ephemeral certificate would leave the
 * client with a token it can no longer use.
 */
public final class RebindingAuthorizedClientProvider implements OAuth2AuthorizedClientProvider {

	private static final Instant LONG_AGO = Instant.EPOCH;

	private final OAuth2AuthorizedClientProvider delegate;

	private final MtlsConnections connections;

	public RebindingAuthorizedClientProvider(OAuth2AuthorizedClientProvider delegate, MtlsConnections connections) {
		this.delegate = delegate;
		this.connections = connections;
	}

	@Override
	public OAuth2AuthorizedClient authorize(OAuth2AuthorizationContext context) {
		OAuth2AuthorizedClient authorized = context.getAuthorizedClient();
		if (authorized == null || connections.boundToCurrent(authorized.getAccessToken().getTokenValue())) {
			return delegate.authorize(context);
		}
		OAuth2AccessToken token = authorized.getAccessToken();
		OAuth2AccessToken expired = new OAuth2AccessToken(token.getTokenType(), token.getTokenValue(), LONG_AGO,
				LONG_AGO.plusSeconds(1), token.getScopes());
		OAuth2AuthorizedClient stale = new OAuth2AuthorizedClient(authorized.getClientRegistration(),
				authorized.getPrincipalName(), expired, authorized.getRefreshToken());
		OAuth2AuthorizationContext rebinding = OAuth2AuthorizationContext.withAuthorizedClient(stale)
			.principal(context.getPrincipal())
			.attributes(attributes -> attributes.putAll(context.getAttributes()))
			.build();
		return delegate.authorize(rebinding);
	}

}
