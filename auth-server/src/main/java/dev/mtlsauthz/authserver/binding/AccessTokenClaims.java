package dev.mtlsauthz.authserver.binding;

import java.text.ParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeActor;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeCompositeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimNames;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.mtls.X5tS256;

/**
 * The claims this server adds to every access token, for both formats: JWTs
 * ({@link #jwt()}) and reference tokens, whose claims are returned by introspection
 * ({@link #reference()}). Because this server builds its own token generator, the claims
 * live here explicitly rather than in customizers that a custom generator would drop:
 * <ul>
 * <li>{@code cnf} with {@code x5t#S256} (RFC 8705 section 3.1), as
 * {@link CertificateBinding} decides, or with {@code jkt} for a DPoP proof (RFC 9449); a
 * request that would bind to both is refused, so a token never carries two confirmation
 * methods;</li>
 * <li>{@code act} for delegation in token exchange (RFC 8693 section 4.1);</li>
 * <li>{@code client_id} (RFC 9068 section 2.2).</li>
 * </ul>
 */
public final class AccessTokenClaims {

	private final CertificateBinding binding;

	private final SignatureAlgorithm signatureAlgorithm;

	public AccessTokenClaims(CertificateBinding binding, AuthServerProperties properties) {
		this.binding = binding;
		this.signatureAlgorithm = SignatureAlgorithm.from(properties.keys().algorithm());
	}

	public OAuth2TokenCustomizer<JwtEncodingContext> jwt() {
		return context -> {
			context.getJwsHeader().algorithm(signatureAlgorithm);
			context.getClaims().claims(claims -> customize(context, claims));
		};
	}

	public OAuth2TokenCustomizer<OAuth2TokenClaimsContext> reference() {
		return context -> context.getClaims().claims(claims -> customize(context, claims));
	}

	/** {@code cnf.jkt} (RFC 9449 section 6.1) for a DPoP-bound token. */
	private static Map<String, Object> jwkThumbprintConfirmation(Jwt dPoPProof) {
		try {
			@SuppressWarnings("unchecked")
			JWK jwk = JWK.parse((Map<String, Object>) dPoPProof.getHeaders().get("jwk"));
			Map<String, Object> cnf = new HashMap<>();
			cnf.put("jkt", jwk.computeThumbprint().toString());
			return cnf;
		}
		catch (ParseException | JOSEException | ClassCastException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF,
					"the DPoP proof's jwk header is missing or invalid", null));
		}
	}

	private void customize(OAuth2TokenContext context, Map<String, Object> claims) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		// RFC 9068 section 2.2: a JWT access token names the client it was issued to.
		claims.put("client_id", context.getRegisteredClient().getClientId());
		claims.remove(X5tS256.CONFIRMATION_CLAIM);
		Optional<X5tS256> certificate = binding.confirmationFor(context);
		Jwt dPoPProof = context.get(OAuth2TokenContext.DPOP_PROOF_KEY);
		if (dPoPProof != null && certificate.isPresent()) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"a token is bound either to a DPoP key or to a client certificate, not both: send the DPoP proof "
							+ "to the token endpoint without a client certificate",
					null));
		}
		if (dPoPProof != null) {
			claims.put(X5tS256.CONFIRMATION_CLAIM, jwkThumbprintConfirmation(dPoPProof));
		}
		certificate.ifPresent(thumbprint -> claims.put(X5tS256.CONFIRMATION_CLAIM, thumbprint.toConfirmationClaim()));
		if (context.getPrincipal() instanceof OAuth2TokenExchangeCompositeAuthenticationToken composite) {
			Map<String, Object> current = claims;
			for (OAuth2TokenExchangeActor actor : composite.getActors()) {
				Map<String, Object> act = new LinkedHashMap<>();
				act.put(OAuth2TokenClaimNames.ISS, actor.getClaims().get(OAuth2TokenClaimNames.ISS));
				act.put(OAuth2TokenClaimNames.SUB, actor.getClaims().get(OAuth2TokenClaimNames.SUB));
				current.put("act", Collections.unmodifiableMap(act));
				current = act;
			}
		}
	}

}
