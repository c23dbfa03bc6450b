package dev.mtlsauthz.authserver.device;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.mtlsauthz.authserver.web.RequestedScopeOrder;

/**
 * The device authorization request (RFC 8628 section 3.1), handled by Spring
 * Authorization Server's {@link OAuth2DeviceAuthorizationRequestAuthenticationProvider}
 * with three changes:
 * <ul>
 * <li>a refused grant or scope says which and why (the stock descriptions are "OAuth 2.0
 * Parameter: client_id" and "OAuth 2.0 Parameter: scope");</li>
 * <li>{@code openid} is accepted when the client is registered for it, as OpenID
 * providers do for devices: the device then gets an ID token with its access token
 * ({@link DeviceCodeGrant}) and may call the userinfo endpoint. The stock provider
 * refuses {@code openid}, because its device grant issues no ID token; it is given the
 * request without {@code openid}, which is added to the stored authorization after;</li>
 * <li>the {@code scope} parameter as the device sent it is stored with the authorization,
 * so that the consent page lists the scopes in the device's order
 * ({@link RequestedScopeOrder}).</li>
 * </ul>
 * That is one more read and write of the authorization per device authorization request,
 * a request a person's device makes once per sign-in.
 */
final class DeviceAuthorizationRequests implements AuthenticationProvider {

	private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8628#section-3.2";

	private final AuthenticationProvider stock;

	private final OAuth2AuthorizationService authorizations;

	DeviceAuthorizationRequests(AuthenticationProvider stock, OAuth2AuthorizationService authorizations) {
		this.stock = stock;
		this.authorizations = authorizations;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2DeviceAuthorizationRequestAuthenticationToken request = (OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
				|| client.getRegisteredClient() == null) {
			return stock.authenticate(request);
		}
		check(client.getRegisteredClient(), request.getScopes());
		Set<String> scopes = request.getScopes();
		OAuth2DeviceAuthorizationRequestAuthenticationToken issued = (OAuth2DeviceAuthorizationRequestAuthenticationToken) stock
			.authenticate(new OAuth2DeviceAuthorizationRequestAuthenticationToken(client, request.getAuthorizationUri(),
					withoutOpenId(scopes), request.getAdditionalParameters()));
		Object requested = request.getAdditionalParameters().get(RequestedScopeOrder.NAME);
		if (scopes.contains(OidcScopes.OPENID) || requested != null) {
			OAuth2Authorization stored = authorizations.findByToken(issued.getDeviceCode().getTokenValue(),
					DEVICE_CODE);
			OAuth2Authorization.Builder authorization = OAuth2Authorization.from(stored)
				.attribute(OAuth2ParameterNames.SCOPE, new HashSet<>(scopes));
			if (requested != null) {
				authorization.attribute(RequestedScopeOrder.NAME, requested);
			}
			authorizations.save(authorization.build());
		}
		return new OAuth2DeviceAuthorizationRequestAuthenticationToken(client, scopes, issued.getDeviceCode(),
				issued.getUserCode());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2DeviceAuthorizationRequestAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static void check(RegisteredClient client, Set<String> scopes) {
		if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.DEVICE_CODE)) {
			throw error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"the client " + client.getClientId()
							+ " is not registered for the device authorization grant: its grant_types do not include "
							+ AuthorizationGrantType.DEVICE_CODE.getValue());
		}
		List<String> unregistered = scopes.stream()
			.filter(scope -> !client.getScopes().contains(scope))
			.sorted()
			.toList();
		if (!unregistered.isEmpty()) {
			throw error(OAuth2ErrorCodes.INVALID_SCOPE,
					"scope " + String.join(" ", unregistered) + (unregistered.size() == 1 ? " is" : " are")
							+ " not registered for the client " + client.getClientId() + ", which may ask for: "
							+ String.join(" ", client.getScopes()));
		}
	}

	private static Set<String> withoutOpenId(Set<String> scopes) {
		Set<String> without = new HashSet<>(scopes);
		without.remove(OidcScopes.OPENID);
		return without;
	}

	private static OAuth2AuthenticationException error(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, ERROR_URI));
	}

}
