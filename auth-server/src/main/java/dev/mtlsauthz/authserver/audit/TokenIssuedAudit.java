package dev.mtlsauthz.authserver.audit;

import java.util.Map;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * {@link AuditEvents#TOKEN_ISSUED}: decorates the authorization server's token generator
 * (applied to {@code CertificateBoundTokenIssuance} with {@code withObjectPostProcessor})
 * and publishes one event for each access token it generates, which is one per token
 * response: every grant answers with exactly one access token, generated before anything
 * else of the response. The generator is the one place that sees everything the event
 * says: the client and how it authenticated, the grant, the user, the authorized scopes
 * and the access token's {@code cnf} as finally issued ({@code x5t#S256} of RFC 8705
 * section 3.1, or the DPoP {@code jkt} of RFC 9449 section 6). A generation that fails (a
 * refused binding, say) publishes nothing. Never the token itself.
 */
public final class TokenIssuedAudit implements ObjectPostProcessor<OAuth2TokenGenerator<?>> {

	private final AuditEventPublisher audit;

	TokenIssuedAudit(AuditEventPublisher audit) {
		this.audit = audit;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <O extends OAuth2TokenGenerator<?>> O postProcess(O generator) {
		OAuth2TokenGenerator<OAuth2Token> audited = context -> {
			OAuth2Token token = generator.generate(context);
			if (token != null && OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				issued(context, token);
			}
			return token;
		};
		return (O) audited;
	}

	private void issued(OAuth2TokenContext context, OAuth2Token token) {
		String clientId = context.getRegisteredClient().getClientId();
		OAuth2ClientAuthenticationToken client = client(context);
		String user = user(context.getPrincipal());
		Confirmation confirmation = Confirmation.of(token);
		audit.publish(AuditEvents.TOKEN_ISSUED, user != null ? user : clientId, AuditEvents.CLIENT_ID, clientId,
				AuditEvents.USER, user, AuditEvents.GRANT_TYPE,
				context.getAuthorizationGrantType() != null ? context.getAuthorizationGrantType().getValue() : null,
				AuditEvents.METHOD, client != null ? client.getClientAuthenticationMethod().getValue() : null,
				AuditEvents.SCOPE, AuditEventPublisher.scopes(context.getAuthorizedScopes()), AuditEvents.BINDING,
				confirmation.method(), AuditEvents.THUMBPRINT, confirmation.thumbprint());
	}

	/** The user the token is for; none when the client acts for itself. */
	private static String user(Authentication principal) {
		if (principal == null || principal instanceof OAuth2ClientAuthenticationToken) {
			return null;
		}
		return principal.getName();
	}

	private static OAuth2ClientAuthenticationToken client(OAuth2TokenContext context) {
		Authentication grant = context.getAuthorizationGrant();
		return grant != null && grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client ? client : null;
	}

	/**
	 * The confirmation method and thumbprint of a token's {@code cnf}, as issued (JWT or
	 * reference token claims); both {@code null} when unbound.
	 */
	private record Confirmation(String method, String thumbprint) {

		static Confirmation of(OAuth2Token token) {
			if (token instanceof ClaimAccessor claims && claims.getClaims().get("cnf") instanceof Map<?, ?> cnf) {
				for (String method : new String[] { "x5t#S256", "jkt" }) {
					if (cnf.get(method) instanceof String thumbprint) {
						return new Confirmation(method, thumbprint);
					}
				}
			}
			return new Confirmation(null, null);
		}

	}

}
