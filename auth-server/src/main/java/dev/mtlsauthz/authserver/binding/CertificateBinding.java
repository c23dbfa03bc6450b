package dev.mtlsauthz.authserver.binding;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.mtlsauthz.mtls.ClientCertificates;
import dev.mtlsauthz.mtls.X5tS256;

/**
 * Binds access tokens to the certificate the client presented (RFC 8705 section 3), and a
 * public client's refresh token to it too (section 4).
 * <p>
 * The certificate takes one road: {@link ClientCertificates} resolves it for the request
 * (from the TLS connection or a trusted proxy),
 * {@link #clientAuthenticationSuccessHandler} records it on the client's
 * {@code Authentication} the moment the client is authenticated, whatever the method, and
 * every token generated for the request reads it there, in the
 * {@code OAuth2ClientAuthenticationToken} that Spring Authorization Server hands to the
 * token generator as the grant's principal. That is where Spring Authorization Server's
 * own binding reads the chain of a {@code tls_client_auth} client (its credentials), and
 * nothing reads the request again.
 * <p>
 * An access token is bound to the presented certificate when
 * <ul>
 * <li>the client authenticated with it ({@code tls_client_auth},
 * {@code self_signed_tls_client_auth});</li>
 * <li>{@code authserver.mtls.always-emit-confirmation-claim} is on, whatever the client
 * authentication method;</li>
 * <li>the client registered {@code tls_client_certificate_bound_access_tokens: true};
 * or</li>
 * <li>the client is public: its certificate is the only thing that can keep a stolen
 * token or refresh token useless (section 4).</li>
 * </ul>
 * A client registered with {@code tls_client_certificate_bound_access_tokens: true} that
 * presents no certificate gets {@code invalid_request}, never an unbound token. A token
 * is bound either to a certificate or to a DPoP key, never to both. A public client
 * refreshes only with the certificate its refresh token is bound to, read from the
 * {@code cnf} of the access token issued with it; another certificate, or none, is
 * {@code invalid_grant} (section 4), the check that Spring Authorization Server's
 * {@code OAuth2RefreshTokenAuthenticationProvider} makes for a public client's DPoP key.
 * Confidential clients are bound through client authentication instead and may rotate
 * their certificate (section 7.1).
 */
public final class CertificateBinding {

	static final String CERTIFICATE_REQUIRED = "a client certificate is required for certificate-bound tokens: call the "
			+ "token endpoint listed in mtls_endpoint_aliases and present the client's certificate";

	/**
	 * The {@code error_uri} of every refresh refused because of its certificate binding
	 * (RFC 8705 section 4), by which an audit tells them from other refusals.
	 */
	public static final String REFRESH_ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8705#section-4";

	private final boolean alwaysEmitConfirmationClaim;

	private SecurityContextHolderStrategy securityContextHolderStrategy = SecurityContextHolder
		.getContextHolderStrategy();

	/**
	 * @param alwaysEmitConfirmationClaim bind every access token issued to a client that
	 * presented a certificate, whatever its authentication method
	 */
	public CertificateBinding(boolean alwaysEmitConfirmationClaim) {
		this.alwaysEmitConfirmationClaim = alwaysEmitConfirmationClaim;
	}

	void setSecurityContextHolderStrategy(SecurityContextHolderStrategy securityContextHolderStrategy) {
		this.securityContextHolderStrategy = securityContextHolderStrategy;
	}

	/**
	 * Records the presented certificate on the authenticated client
	 * ({@link PresentedCertificate}, its details), then does what
	 * {@code OAuth2ClientAuthenticationFilter} does by default: makes it the request's
	 * authentication.
	 */
	AuthenticationSuccessHandler clientAuthenticationSuccessHandler() {
		return (request, response, authentication) -> {
			if (authentication instanceof AbstractAuthenticationToken client) {
				client.setDetails(new PresentedCertificate(request));
			}
			SecurityContext context = securityContextHolderStrategy.createEmptyContext();
			context.setAuthentication(authentication);
			securityContextHolderStrategy.setContext(context);
		};
	}

	/** {@code cnf} in a JWT access token (RFC 8705 section 3.1). */
	OAuth2TokenCustomizer<JwtEncodingContext> jwt() {
		return context -> context.getClaims().claims(claims -> bind(context, claims));
	}

	/**
	 * {@code cnf} among a reference token's claims, which introspection returns (RFC 8705
	 * section 3.2).
	 */
	OAuth2TokenCustomizer<OAuth2TokenClaimsContext> reference() {
		return context -> context.getClaims().claims(claims -> bind(context, claims));
	}

	/**
	 * The certificate the client presented with the request that {@code context}
	 * generates a token for, if any.
	 */
	static Optional<X509Certificate> presentedCertificate(OAuth2TokenContext context) {
		return presentedCertificate(clientAuthentication(context));
	}

	/** The thumbprint the access token of this context must be bound to, if any. */
	Optional<X5tS256> confirmationFor(OAuth2TokenContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return Optional.empty();
		}
		OAuth2ClientAuthenticationToken client = clientAuthentication(context);
		Optional<X509Certificate> certificate = presentedCertificate(client);
		if (isPublic(client) && AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())) {
			verifyRefreshTokenBinding(context.getAuthorization(), certificate);
		}
		boolean required = context.getRegisteredClient().getTokenSettings().isX509CertificateBoundAccessTokens();
		if (certificate.isEmpty()) {
			if (required) {
				throw new OAuth2AuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, CERTIFICATE_REQUIRED, null));
			}
			return Optional.empty();
		}
		if (authenticatedWithCertificate(client) || alwaysEmitConfirmationClaim || required || isPublic(client)) {
			return certificate.map(X5tS256::of);
		}
		return Optional.empty();
	}

	private void bind(OAuth2TokenContext context, Map<String, Object> claims) {
		confirmationFor(context).ifPresent(thumbprint -> {
			if (context.get(OAuth2TokenContext.DPOP_PROOF_KEY) != null) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
						"a token is bound either to a DPoP key or to a client certificate, not both: send the DPoP "
								+ "proof to the token endpoint without a client certificate",
						null));
			}
			claims.put(X5tS256.CONFIRMATION_CLAIM, thumbprint.toConfirmationClaim());
		});
	}

	/**
	 * RFC 8705 section 4: the refresh token of a public client is bound to the
	 * certificate of the access token issued with it, which each refresh binds again.
	 */
	private static void verifyRefreshTokenBinding(OAuth2Authorization authorization,
			Optional<X509Certificate> presented) {
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization != null
				? authorization.getAccessToken() : null;
		Map<String, Object> claims = accessToken != null && accessToken.getClaims() != null ? accessToken.getClaims()
				: Map.of();
		Optional<X5tS256> bound = X5tS256.fromClaims(claims);
		if (bound.isEmpty() && claims.get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") != null) {
			// Bound to a DPoP key instead (RFC 9449 section 5), which Spring
			// Authorization Server and the dpop package's DpopTokenBinding check.
			return;
		}
		if (bound.isEmpty()) {
			throw invalidGrant("the refresh token of a public client is not bound to a certificate");
		}
		if (presented.isEmpty()) {
			throw invalidGrant("the refresh token is bound to a client certificate and none was presented");
		}
		if (!bound.get().matches(presented.get())) {
			throw invalidGrant("the refresh token is bound to a different client certificate");
		}
	}

	private static OAuth2AuthenticationException invalidGrant(String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description, REFRESH_ERROR_URI));
	}

	private static boolean authenticatedWithCertificate(OAuth2ClientAuthenticationToken client) {
		return client != null
				&& (ClientAuthenticationMethod.TLS_CLIENT_AUTH.equals(client.getClientAuthenticationMethod())
						|| ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH
							.equals(client.getClientAuthenticationMethod()));
	}

	private static boolean isPublic(OAuth2ClientAuthenticationToken client) {
		return client != null && ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod());
	}

	/**
	 * The certificate the client presented with the request it was authenticated for, if
	 * any.
	 */
	public static Optional<X509Certificate> presentedCertificate(OAuth2ClientAuthenticationToken client) {
		if (client != null && client.getDetails() instanceof PresentedCertificate presented) {
			return presented.certificate();
		}
		return Optional.empty();
	}

	private static OAuth2ClientAuthenticationToken clientAuthentication(OAuth2TokenContext context) {
		Authentication grant = context.getAuthorizationGrant();
		if (grant != null && grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) {
			return client;
		}
		return null;
	}

	/**
	 * The details of a client's authentication: what Spring Security records of every web
	 * authentication, and the leaf certificate the client presented on the request, if
	 * any.
	 */
	static final class PresentedCertificate extends WebAuthenticationDetails {

		private static final long serialVersionUID = 1L;

		private final X509Certificate certificate;

		PresentedCertificate(HttpServletRequest request) {
			super(request);
			this.certificate = ClientCertificates.leaf(request).orElse(null);
		}

		Optional<X509Certificate> certificate() {
			return Optional.ofNullable(certificate);
		}

	}

}
