package dev.mtlsauthz.authserver.clients;

import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Identifies a public client ({@code none}) in the requests that carry no PKCE
 * {@code code_verifier}, which {@link RegisteredMethodClientAuthenticationConverter}
 * recognises:
 * <ul>
 * <li>a refresh: it proves nothing by itself; the refresh token grant then requires the
 * certificate the refresh token is bound to (RFC 8705 section 4), which only the client
 * holds ({@code CertificateBinding});</li>
 * <li>the device authorization request and the device access token request (RFC 8628
 * sections 3.1 and 3.4), which RFC 8628 allows public clients: the device code is the
 * secret, and the tokens are bound to the certificate the device presents, if any.</li>
 * </ul>
 * Spring Authorization Server's {@code PublicClientAuthenticationProvider} cannot: it
 * requires a {@code code_verifier}, which only an authorization code request has.
 */
public class PublicClientWithoutPkceAuthenticationProvider implements AuthenticationProvider {

	/** The grants whose requests a public client makes without PKCE. */
	static final Set<String> GRANTS = Set.of(AuthorizationGrantType.REFRESH_TOKEN.getValue(),
			AuthorizationGrantType.DEVICE_CODE.getValue());

	private final RegisteredClientRepository clients;

	public PublicClientWithoutPkceAuthenticationProvider(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
		if (!ClientAuthenticationMethod.NONE.equals(request.getClientAuthenticationMethod())
				|| !GRANTS.contains(request.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE))) {
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
