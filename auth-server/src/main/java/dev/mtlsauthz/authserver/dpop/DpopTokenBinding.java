package dev.mtlsauthz.authserver.dpop;

import java.util.Map;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import dev.mtlsauthz.dpop.DpopProofVerifier;

/**
 * The DPoP rules of a token request that depend on the client or the grant, checked when
 * the access token is generated, where Spring Authorization Server has already loaded the
 * client and the authorization and verified the proof ({@code DPOP_PROOF_KEY}):
 * <ul>
 * <li>a client registered with {@code dpop_bound_access_tokens} must send a proof (RFC
 * 9449 section 5.2);</li>
 * <li>an authorization code requested with {@code dpop_jkt} is redeemed only with a proof
 * of that key (section 10);</li>
 * <li>a public client's refresh token whose access token was DPoP-bound is refused
 * without a proof (section 5; with a proof, Spring checks the key is the same).</li>
 * </ul>
 * A refusal fails the grant with {@code 400}, before the code is consumed or any token
 * saved. Cost: a few map reads, no I/O. Applied to the token generator as an
 * {@link ObjectPostProcessor}, as the audit is.
 */
final class DpopTokenBinding implements ObjectPostProcessor<OAuth2TokenGenerator<?>> {

	private static final String DPOP_JKT = "dpop_jkt";

	@Override
	@SuppressWarnings("unchecked")
	public <O extends OAuth2TokenGenerator<?>> O postProcess(O generator) {
		OAuth2TokenGenerator<OAuth2Token> checked = context -> {
			if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				check(context);
			}
			return generator.generate(context);
		};
		return (O) checked;
	}

	private static void check(OAuth2TokenContext context) {
		Jwt proof = context.get(OAuth2TokenContext.DPOP_PROOF_KEY);
		if (proof == null && context.getRegisteredClient() != null
				&& DpopBoundAccessTokens.required(context.getRegisteredClient())) {
			throw invalidProof("This client is registered with dpop_bound_access_tokens: every token request "
					+ "needs a DPoP proof (RFC 9449 section 5.2)");
		}
		if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
			checkCodeBinding(context.getAuthorization(), proof);
		}
		else if (AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType()) && proof == null
				&& isPublic(context)) {
			checkPublicRefreshBinding(context.getAuthorization());
		}
	}

	/** Section 10: the code is bound to the key named by {@code dpop_jkt}. */
	private static void checkCodeBinding(OAuth2Authorization authorization, Jwt proof) {
		OAuth2AuthorizationRequest request = (authorization != null)
				? authorization.getAttribute(OAuth2AuthorizationRequest.class.getName()) : null;
		Object jkt = (request != null) ? request.getAdditionalParameters().get(DPOP_JKT) : null;
		if (jkt == null) {
			return;
		}
		if (proof == null) {
			throw invalidProof("The authorization code was requested with dpop_jkt: redeem it with a DPoP proof "
					+ "signed by that key (RFC 9449 section 10)");
		}
		if (!jkt.equals(DpopProofVerifier.thumbprint(proof))) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					"The DPoP proof's key is not the one the authorization code is bound to (dpop_jkt)", null));
		}
	}

	/** Section 5: a public client's refresh token is bound to its DPoP key. */
	private static void checkPublicRefreshBinding(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = (authorization != null)
				? authorization.getAccessToken() : null;
		Map<String, Object> claims = (accessToken != null) ? accessToken.getClaims() : null;
		if (claims != null && claims.get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") != null) {
			throw invalidProof("The refresh token is bound to a DPoP key (RFC 9449 section 5): refresh with a DPoP "
					+ "proof signed by that key");
		}
	}

	private static boolean isPublic(OAuth2TokenContext context) {
		return context.getAuthorizationGrant() != null
				&& context.getAuthorizationGrant().getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod());
	}

	private static OAuth2AuthenticationException invalidProof(String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF, description, null));
	}

}
