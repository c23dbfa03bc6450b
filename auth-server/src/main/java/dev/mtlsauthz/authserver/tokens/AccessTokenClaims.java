package dev.mtlsauthz.authserver.tokens;

import java.text.ParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeActor;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeCompositeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimNames;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import dev.mtlsauthz.mtls.X5tS256;

/**
 * The claims of every access token, for both formats: JWTs ({@link #jwt()}, which also
 * names the JWS algorithm of access and ID tokens, whose key the key set then chooses)
 * and reference tokens, whose claims introspection returns ({@link #reference()}):
 * <ul>
 * <li>{@code client_id} (RFC 9068 section 2.2);</li>
 * <li>{@code cnf} with {@code jkt} for a DPoP-bound token (RFC 9449 section 6.1);</li>
 * <li>{@code act} for delegation in token exchange (RFC 8693 section 4.1).</li>
 * </ul>
 * The last two mirror Spring Authorization Server's {@code DefaultOAuth2TokenCustomizers}
 * (module spring-security-config, package
 * {@code org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization}),
 * which adds them, and {@code cnf.x5t#S256} for {@code tls_client_auth} clients, when
 * Spring Authorization Server builds its token generator itself. It cannot be reused
 * here: the class is package-private and applied only to that generator, and this server
 * builds its own ({@code CertificateBoundTokenIssuance}), because the stock refresh token
 * generator never issues a public client the certificate-bound refresh token of RFC 8705
 * section 4. {@code cnf.x5t#S256} follows this server's own rules, in
 * {@code CertificateBinding}, which runs after these claims.
 */
public final class AccessTokenClaims {

	private final JwsAlgorithm accessTokenAlgorithm;

	private final JwsAlgorithm idTokenAlgorithm;

	/**
	 * @param accessTokenAlgorithm the JWS algorithm of access tokens
	 * ({@code authserver.keys.algorithm})
	 * @param idTokenAlgorithm the JWS algorithm of ID tokens
	 * ({@code authserver.keys.id-token-algorithm})
	 */
	public AccessTokenClaims(JwsAlgorithm accessTokenAlgorithm, JwsAlgorithm idTokenAlgorithm) {
		this.accessTokenAlgorithm = accessTokenAlgorithm;
		this.idTokenAlgorithm = idTokenAlgorithm;
	}

	public OAuth2TokenCustomizer<JwtEncodingContext> jwt() {
		return context -> {
			context.getJwsHeader()
				.algorithm(OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue()) ? idTokenAlgorithm
						: accessTokenAlgorithm);
			context.getClaims().claims(claims -> customize(context, claims));
		};
	}

	public OAuth2TokenCustomizer<OAuth2TokenClaimsContext> reference() {
		return context -> context.getClaims().claims(claims -> customize(context, claims));
	}

	private static void customize(OAuth2TokenContext context, Map<String, Object> claims) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		claims.put("client_id", context.getRegisteredClient().getClientId());
		Jwt dPoPProof = context.get(OAuth2TokenContext.DPOP_PROOF_KEY);
		if (dPoPProof != null) {
			// A HashMap, as Spring Authorization Server's: the stored claims are read
			// back through Spring Security's JSON, which allows known map types only.
			Map<String, Object> cnf = new HashMap<>();
			cnf.put("jkt", jwkThumbprint(dPoPProof));
			claims.put(X5tS256.CONFIRMATION_CLAIM, cnf);
		}
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

	/** The JWK SHA-256 thumbprint of the DPoP proof's key (RFC 9449 section 6.1). */
	private static String jwkThumbprint(Jwt dPoPProof) {
		try {
			@SuppressWarnings("unchecked")
			JWK jwk = JWK.parse((Map<String, Object>) dPoPProof.getHeaders().get("jwk"));
			return jwk.computeThumbprint().toString();
		}
		catch (ParseException | JOSEException | ClassCastException ex) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF,
					"the DPoP proof's jwk header is missing or invalid", null));
		}
	}

}
