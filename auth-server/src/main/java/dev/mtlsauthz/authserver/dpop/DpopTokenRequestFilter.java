package dev.mtlsauthz.authserver.dpop;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.jwt.DPoPProofContext;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.mtlsauthz.dpop.DpopNonces;
import dev.mtlsauthz.dpop.DpopProofVerifier;

/**
 * What this server adds to Spring Authorization Server's check of a DPoP proof at the
 * token endpoint (RFC 9449 sections 4.3 and 8), before its token endpoint filter: the
 * proof is checked with {@link DpopProofVerifier}, so its {@code jti} is remembered in
 * the database for every instance (Spring remembers it in each instance's memory), its
 * {@code alg} is one of ours and, when {@code authserver.dpop.nonce}, it must carry a
 * nonce of ours ({@code 400 use_dpop_nonce} with {@code DPoP-Nonce}, section 8). Spring
 * still verifies the proof again for the binding, as its check cannot be replaced. The
 * rules that depend on the client or the grant are {@link DpopTokenBinding}'s.
 * <p>
 * Each refusal is {@code 400} with an RFC 6749 error body. Costs: one signature check and
 * one insert per request with a proof; for a request without one, a header lookup (and
 * the current nonce, computed once per rotation, when nonces are on).
 */
final class DpopTokenRequestFilter extends OncePerRequestFilter {

	private final String tokenEndpointPath;

	private final DpopProofVerifier verifier;

	private final OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();

	DpopTokenRequestFilter(String tokenEndpointPath, DpopProofVerifier verifier) {
		this.tokenEndpointPath = tokenEndpointPath;
		this.verifier = verifier;
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
			verifyProof(request);
		}
		catch (OAuth2AuthenticationException ex) {
			ServletServerHttpResponse out = new ServletServerHttpResponse(response);
			out.setStatusCode(HttpStatus.BAD_REQUEST);
			errors.write(ex.getError(), null, out);
			return;
		}
		chain.doFilter(request, response);
	}

	private void verifyProof(HttpServletRequest request) {
		List<String> proofs = Collections.list(request.getHeaders(OAuth2AccessToken.TokenType.DPOP.getValue()));
		if (proofs.isEmpty()) {
			return;
		}
		if (proofs.size() > 1) {
			throw invalidProof("Send exactly one DPoP header");
		}
		try {
			verifier.verify(DPoPProofContext.withDPoPProof(proofs.get(0))
				.method(request.getMethod())
				.targetUri(request.getRequestURL().toString())
				.build());
		}
		catch (JwtException ex) {
			throw new OAuth2AuthenticationException(DpopProofVerifier.errorOf(ex));
		}
	}

	private static OAuth2AuthenticationException invalidProof(String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF, description, null));
	}

}
