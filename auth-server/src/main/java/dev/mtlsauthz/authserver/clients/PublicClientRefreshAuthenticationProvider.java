package dev.mtlsauthz.authserver.clients;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Identifies a public client that refreshes a token. It proves nothing by itself: the
 * refresh token grant then requires the certificate the refresh token is bound to (RFC
 * 8705 section 4), which only the client holds ({@code CertificateBinding}). Spring
 * Authorization Server's {@code PublicClientAuthenticationProvider} cannot: it requires a
 * {@code code_verifier}, which only an authorization code request has.
 */
public class PublicClientRefreshAuthenticationProvider implements AuthenticationProvider {

	private final RegisteredClientRepository clients;

	public PublicClientRefreshAuthenticationProvider(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
		if (!ClientAuthenticationMethod.NONE.equals(request.getClientAuthenticationMethod())
				|| !AuthorizationGrantType.REFRESH_TOKEN.getValue()
					.equals(request.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE))) {
			return null;
		}
		RegisteredClient client = clients.findByClientId(String.valueOf(request.getPrincipal()));
		if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
			throw ClientAuthenticationErrors.invalidClient("Unknown public client");
		}
		return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
