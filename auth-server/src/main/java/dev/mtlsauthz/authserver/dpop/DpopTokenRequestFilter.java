package dev.mtlsauthz.authserver.dpop;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.jwt.DPoPProofContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.mtlsauthz.dpop.DpopNonces;
import dev.mtlsauthz.dpop.DpopProofVerifier;

/**
 * What this server adds to Spring Authorization Server's DPoP support at the token
 * endpoint (RFC 9449 sections 5 to 10), before its token endpoint filter and after client
 * authentication:
 * <ul>
 * <li>the proof is checked with {@link DpopProofVerifier}, so its {@code jti} is
 * remembered in the database for every instance (Spring remembers it in each instance's
 * memory), and, when {@code authserver.dpop.nonce}, it must carry a nonce of ours
 * ({@code 400 use_dpop_nonce} with {@code DPoP-Nonce}, section 8);</li>
 * <li>a client registered with {@code dpop_bound_access_tokens} must send a proof
 * (section 5.2);</li>
 * <li>an authorization code requested with {@code dpop_jkt} is redeemed only with a proof
 * of that key (section 10);</li>
 * <li>a public client's refresh token whose access token was DPoP-bound is refused
 * without a proof (section 5; with a proof, Spring checks the key is the same).</li>
 * </ul>
 * Each refusal is {@code 400} with an RFC 6749 error body. Costs: one signature check and
 * one insert per request with a proof; one indexed read of the authorization for a code
 * exchange, and for a public client's refresh without a proof.
 */
final class DpopTokenRequestFilter extends OncePerRequestFilter {

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private static final String DPOP_JKT = "dpop_jkt";

	private final String tokenEndpointPath;

	private final DpopProofVerifier verifier;

	private final OAuth2AuthorizationService authorizations;

	private final OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();

	DpopTokenRequestFilter(String tokenEndpointPath, DpopProofVerifier verifier,
			OAuth2AuthorizationService authorizations) {
		this.tokenEndpointPath = tokenEndpointPath;
		this.verifier = verifier;
		this.authorizations = authorizations;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !tokenEndpointPath.equals(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		DpopNonces nonces = verifier.nonces();
		if (nonces != null) {
			response.setHeader(DpopNonces.HEADER, nonces.current());
		}
		try {
			Jwt proof = proof(request);
			OAuth2ClientAuthenticationToken client = authenticatedClient();
			if (client != null && client.getRegisteredClient() != null) {
				checkClient(request, client, proof);
			}
		}
		catch (OAuth2AuthenticationException ex) {
			ServletServerHttpResponse out = new ServletServerHttpResponse(response);
			out.setStatusCode(HttpStatus.BAD_REQUEST);
			errors.write(ex.getError(), null, out);
			return;
		}
		chain.doFilter(request, response);
	}

	private Jwt proof(HttpServletRequest request) {
		List<String> proofs = Collections.list(request.getHeaders(OAuth2AccessToken.TokenType.DPOP.getValue()));
		if (proofs.isEmpty()) {
			return null;
		}
		if (proofs.size() > 1) {
			throw invalidProof("Send exactly one DPoP header");
		}
		try {
			return verifier.verify(DPoPProofContext.withDPoPProof(proofs.get(0))
				.method(request.getMethod())
				.targetUri(request.getRequestURL().toString())
				.build());
		}
		catch (JwtException ex) {
			throw new OAuth2AuthenticationException(DpopProofVerifier.errorOf(ex));
		}
	}

	private void checkClient(HttpServletRequest request, OAuth2ClientAuthenticationToken client, Jwt proof) {
		if (proof == null && DpopBoundAccessTokens.required(client.getRegisteredClient())) {
			throw invalidProof("This client is registered with dpop_bound_access_tokens: every token request "
					+ "needs a DPoP proof (RFC 9449 section 5.2)");
		}
		String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
		if ("authorization_code".equals(grantType)) {
			checkCodeBinding(request.getParameter(OAuth2ParameterNames.CODE), proof);
		}
		else if ("refresh_token".equals(grantType) && proof == null
				&& ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod())) {
			checkPublicRefreshBinding(request.getParameter(OAuth2ParameterNames.REFRESH_TOKEN));
		}
	}

	/** Section 10: the code is bound to the key named by {@code dpop_jkt}. */
	private void checkCodeBinding(String code, Jwt proof) {
		OAuth2Authorization authorization = (code != null) ? authorizations.findByToken(code, CODE) : null;
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
	private void checkPublicRefreshBinding(String refreshToken) {
		OAuth2Authorization authorization = (refreshToken != null)
				? authorizations.findByToken(refreshToken, OAuth2TokenType.REFRESH_TOKEN) : null;
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = (authorization != null)
				? authorization.getAccessToken() : null;
		Map<String, Object> claims = (accessToken != null) ? accessToken.getClaims() : null;
		if (claims != null && claims.get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") != null) {
			throw invalidProof("The refresh token is bound to a DPoP key (RFC 9449 section 5): refresh with a DPoP "
					+ "proof signed by that key");
		}
	}

	private static OAuth2ClientAuthenticationToken authenticatedClient() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication instanceof OAuth2ClientAuthenticationToken client) ? client : null;
	}

	private static OAuth2AuthenticationException invalidProof(String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF, description, null));
	}

}
