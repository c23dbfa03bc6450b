package dev.mtlsauthz.authserver.logout;

import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;

/**
 * OpenID Connect RP-Initiated Logout 1.0 at the {@code end_session_endpoint}: any ID
 * token this server issued to the client for the user is accepted as
 * {@code id_token_hint} ({@link IdTokenHintAuthenticationProvider}), a logout without a
 * return address ends on the "signed out" page, and a refused request on the error page
 * with its OAuth error ({@link LogoutResponses}).
 * <p>
 * A bean, but not a {@code Customizer} bean: Spring Security applies every
 * {@code Customizer} bean to every filter chain ({@code HttpSecurityConfiguration}), and
 * this belongs to the authorization server's only; {@code SecurityConfiguration} applies
 * it there.
 */
public class RpInitiatedLogout {

	private final JwtDecoder idTokens;

	private final RegisteredClientRepository clients;

	public RpInitiatedLogout(JwtDecoder idTokens, RegisteredClientRepository clients) {
		this.idTokens = idTokens;
		this.clients = clients;
	}

	public void customize(OAuth2AuthorizationServerConfigurer server) {
		server.oidc(oidc -> oidc.logoutEndpoint(logout -> logout
			.authenticationProviders(
					providers -> providers.replaceAll(provider -> provider instanceof OidcLogoutAuthenticationProvider
							? new IdTokenHintAuthenticationProvider(idTokens, clients) : provider))
			.logoutResponseHandler(LogoutResponses.success())
			.errorResponseHandler(LogoutResponses.failure())));
	}

}
