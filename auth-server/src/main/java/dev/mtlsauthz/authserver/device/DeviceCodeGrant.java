package dev.mtlsauthz.authserver.device;

import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import dev.mtlsauthz.authserver.binding.CertificateBinding;

/**
 * The device access token request (RFC 8628 section 3.4), handled by Spring Authorization
 * Server's {@link OAuth2DeviceCodeAuthenticationProvider} with three changes:
 * <ul>
 * <li>a device code that was already redeemed is {@code invalid_grant} (RFC 6749 section
 * 5.2), as a used authorization code is; the stock provider answers
 * {@code access_denied}, which RFC 8628 section 3.5 reserves for a person who
 * denied;</li>
 * <li>with {@code openid} among the authorized scopes, the response carries an ID token
 * for the person who approved the device, stored with the authorization, so that a
 * refresh issues the next one as for the authorization code grant;</li>
 * <li>a public client without a certificate gets its access token without a refresh token
 * (a public client's refresh token must be bound to a certificate, RFC 8705 section 4),
 * where the stock provider would fail because the token generator issues none.</li>
 * </ul>
 */
final class DeviceCodeGrant implements AuthenticationProvider {

	private static final OAuth2TokenType DEVICE_CODE = new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE);

	private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	private final AuthenticationProvider stock;

	private final OAuth2AuthorizationService authorizations;

	private final Supplier<OAuth2TokenGenerator<?>> tokenGenerator;

	/**
	 * @param tokenGenerator the authorization server's token generator, looked up when
	 * the first ID token is issued because it is built after the providers
	 */
	DeviceCodeGrant(AuthenticationProvider stock, OAuth2AuthorizationService authorizations,
			Supplier<OAuth2TokenGenerator<?>> tokenGenerator) {
		this.stock = stock;
		this.authorizations = authorizations;
		this.tokenGenerator = tokenGenerator;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2DeviceCodeAuthenticationToken request = (OAuth2DeviceCodeAuthenticationToken) authentication;
		OAuth2AccessTokenAuthenticationToken issued;
		try {
			issued = (OAuth2AccessTokenAuthenticationToken) stock.authenticate(withoutUnboundRefreshToken(request));
		}
		catch (OAuth2AuthenticationException ex) {
			if (OAuth2ErrorCodes.ACCESS_DENIED.equals(ex.getError().getErrorCode()) && redeemed(request)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
						"the device code was already redeemed: a device code gives tokens once",
						"https://datatracker.ietf.org/doc/html/rfc6749#section-5.2"));
			}
			throw ex;
		}
		if (!issued.getAccessToken().getScopes().contains(OidcScopes.OPENID)) {
			return issued;
		}
		return withIdToken(request, issued);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2DeviceCodeAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/**
	 * A denied device code has no access token; a redeemed one has (a denial invalidates
	 * the device code the same way redeeming it does).
	 */
	private boolean redeemed(OAuth2DeviceCodeAuthenticationToken request) {
		OAuth2Authorization authorization = authorizations.findByToken(request.getDeviceCode(), DEVICE_CODE);
		return authorization != null && authorization.getAccessToken() != null;
	}

	private static OAuth2DeviceCodeAuthenticationToken withoutUnboundRefreshToken(
			OAuth2DeviceCodeAuthenticationToken request) {
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
				|| !ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod())
				|| client.getRegisteredClient() == null
				|| !client.getRegisteredClient()
					.getAuthorizationGrantTypes()
					.contains(AuthorizationGrantType.REFRESH_TOKEN)
				|| CertificateBinding.presentedCertificate(client).isPresent()) {
			return request;
		}
		RegisteredClient withoutRefresh = RegisteredClient.from(client.getRegisteredClient())
			.authorizationGrantTypes(grants -> grants.remove(AuthorizationGrantType.REFRESH_TOKEN))
			.build();
		OAuth2ClientAuthenticationToken principal = new OAuth2ClientAuthenticationToken(withoutRefresh,
				ClientAuthenticationMethod.NONE, null);
		principal.setDetails(client.getDetails());
		return new OAuth2DeviceCodeAuthenticationToken(request.getDeviceCode(), principal,
				request.getAdditionalParameters());
	}

	/**
	 * OpenID Connect Core section 2: the ID token of the person who approved the device,
	 * generated by the server's token generator as for the other grants.
	 */
	private Authentication withIdToken(OAuth2DeviceCodeAuthenticationToken request,
			OAuth2AccessTokenAuthenticationToken issued) {
		OAuth2Authorization authorization = authorizations.findByToken(issued.getAccessToken().getTokenValue(),
				OAuth2TokenType.ACCESS_TOKEN);
		Authentication person = authorization.getAttribute(Principal.class.getName());
		OAuth2Token generated = tokenGenerator.get()
			.generate(DefaultOAuth2TokenContext.builder()
				.registeredClient(issued.getRegisteredClient())
				.principal(person)
				.authorizationServerContext(AuthorizationServerContextHolder.getContext())
				.authorization(authorization)
				.authorizedScopes(authorization.getAuthorizedScopes())
				.authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
				.authorizationGrant(request)
				.tokenType(ID_TOKEN)
				.build());
		if (!(generated instanceof Jwt jwt)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
					"The token generator failed to generate the ID token.", null));
		}
		OidcIdToken idToken = new OidcIdToken(jwt.getTokenValue(), jwt.getIssuedAt(), jwt.getExpiresAt(),
				jwt.getClaims());
		authorizations.save(OAuth2Authorization.from(authorization)
			.token(idToken,
					metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, idToken.getClaims()))
			.build());
		Map<String, Object> parameters = new HashMap<>(issued.getAdditionalParameters());
		parameters.put(OidcParameterNames.ID_TOKEN, idToken.getTokenValue());
		return new OAuth2AccessTokenAuthenticationToken(issued.getRegisteredClient(),
				(Authentication) issued.getPrincipal(), issued.getAccessToken(), issued.getRefreshToken(), parameters);
	}

}
