package dev.mtlsauthz.authserver.logout;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationValidator;
import org.springframework.util.StringUtils;

/**
 * Accepts an RP-initiated logout request (OpenID Connect RP-Initiated Logout 1.0 section
 * 2) whose {@code id_token_hint} is any ID token this server issued, for the user signed
 * in (if any) and a client that still exists: its signature verifies with this server's
 * keys and its {@code iss} is this issuer, even when it has expired, which section 4
 * allows ("The OP SHOULD accept ID Tokens ... even when the exp time has passed").
 * <p>
 * It takes the place of Spring Authorization Server's
 * {@link OidcLogoutAuthenticationProvider}, which looks the hint up among stored ID
 * tokens, where only the newest ID token of an authorization is kept: once tokens were
 * refreshed, the ID token the relying party got at sign-in is refused
 * ({@code invalid_token}), and the user stays signed in. It keeps the stock checks of the
 * client ({@code client_id} must be the token's audience) and of
 * {@code post_logout_redirect_uri} ({@link OidcLogoutAuthenticationValidator}: one of the
 * client's registered addresses), and never signs out a user the token was not issued to.
 * It does not compare the token's {@code sid} with the current session: an ID token from
 * an earlier session of the same user and client is still proof enough that the client
 * asks to end this user's session.
 */
final class IdTokenHintAuthenticationProvider implements AuthenticationProvider {

	private static final String ERROR_URI = "https://openid.net/specs/openid-connect-rpinitiated-1_0.html#ValidationAndErrorHandling";

	private final JwtDecoder idTokens;

	private final RegisteredClientRepository clients;

	private final OidcLogoutAuthenticationValidator redirectUris = new OidcLogoutAuthenticationValidator();

	/**
	 * @param idTokens verifies the signature and issuer of this server's ID tokens, and
	 * not their expiry
	 */
	IdTokenHintAuthenticationProvider(JwtDecoder idTokens, RegisteredClientRepository clients) {
		this.idTokens = idTokens;
		this.clients = clients;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OidcLogoutAuthenticationToken request = (OidcLogoutAuthenticationToken) authentication;
		Jwt idToken = decode(request.getIdTokenHint());
		RegisteredClient client = clients.findByClientId(clientOf(idToken));
		if (client == null) {
			throw error(OAuth2ErrorCodes.INVALID_TOKEN,
					"id_token_hint was issued to a client that is unknown or disabled: " + clientOf(idToken));
		}
		if (StringUtils.hasText(request.getClientId()) && !request.getClientId().equals(client.getClientId())) {
			throw error(OAuth2ErrorCodes.INVALID_REQUEST,
					"client_id is not the client the id_token_hint was issued to (its aud)");
		}
		redirectUris.accept(OidcLogoutAuthenticationContext.with(request).registeredClient(client).build());
		if (request.isPrincipalAuthenticated()
				&& !((Authentication) request.getPrincipal()).getName().equals(idToken.getSubject())) {
			throw error(OAuth2ErrorCodes.INVALID_TOKEN,
					"id_token_hint was issued for another user than the one signed in (its sub)");
		}
		return new OidcLogoutAuthenticationToken(
				new OidcIdToken(idToken.getTokenValue(), idToken.getIssuedAt(), idToken.getExpiresAt(),
						idToken.getClaims()),
				(Authentication) request.getPrincipal(), request.getSessionId(), client.getClientId(),
				request.getPostLogoutRedirectUri(), request.getState());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OidcLogoutAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private Jwt decode(String idTokenHint) {
		Jwt idToken;
		try {
			idToken = idTokens.decode(idTokenHint);
		}
		catch (JwtException ex) {
			throw error(OAuth2ErrorCodes.INVALID_TOKEN,
					"id_token_hint is not a token this server issued: it is malformed, its issuer is another, or its "
							+ "signature does not verify with this server's keys");
		}
		// Access tokens are signed with the same keys; only ID tokens name their
		// authorized party.
		if (idToken.getClaimAsString(IdTokenClaimNames.AZP) == null || idToken.getSubject() == null) {
			throw error(OAuth2ErrorCodes.INVALID_TOKEN, "id_token_hint is not an ID token (it has no azp or sub)");
		}
		return idToken;
	}

	private static String clientOf(Jwt idToken) {
		List<String> audience = idToken.getAudience();
		String authorizedParty = idToken.getClaimAsString(IdTokenClaimNames.AZP);
		return audience != null && audience.contains(authorizedParty) ? authorizedParty : "(none)";
	}

	private static OAuth2AuthenticationException error(String code, String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(code, description, ERROR_URI));
	}

}
