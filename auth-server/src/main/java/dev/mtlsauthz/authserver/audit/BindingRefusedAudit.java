package dev.mtlsauthz.authserver.audit;

import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;

import dev.mtlsauthz.authserver.binding.CertificateBinding;

/**
 * {@link AuditEvents#BINDING_REFUSED}: a certificate-bound token presented without its
 * certificate, or with another one (RFC 8705 sections 3 and 4), at the two places that
 * refuse it:
 * <ul>
 * <li>this server's own resources (userinfo, registration): {@link #at} wraps the entry
 * point of {@code CertificateBoundAccessTokens}, which answers only those refusals; the
 * reason is {@code invalid_token};</li>
 * <li>a public client's refresh: {@link AuthenticationAudit} hands over the failed
 * refresh grants whose error is the binding's
 * ({@link CertificateBinding#REFRESH_ERROR_URI}); the reason is
 * {@code invalid_grant}.</li>
 * </ul>
 */
public final class BindingRefusedAudit {

	private final AuditEventPublisher audit;

	BindingRefusedAudit(AuditEventPublisher audit) {
		this.audit = audit;
	}

	/** The entry point {@code delegate}, auditing each refusal before it answers. */
	public AuthenticationEntryPoint at(AuthenticationEntryPoint delegate) {
		return (request, response, ex) -> {
			if (ex.getAuthenticationRequest() instanceof AbstractOAuth2TokenAuthenticationToken<?> token) {
				Map<String, Object> claims = token.getTokenAttributes();
				Object clientId = claims.get("client_id");
				publish(token.getName(), clientId != null ? clientId.toString() : null, OAuth2ErrorCodes.INVALID_TOKEN,
						null);
			}
			delegate.commence(request, response, ex);
		};
	}

	/** Whether a failed authentication is a refresh refused for its binding. */
	static boolean isRefusedRefresh(AuthenticationException ex) {
		return ex instanceof OAuth2AuthenticationException oauth
				&& CertificateBinding.REFRESH_ERROR_URI.equals(oauth.getError().getUri());
	}

	void refusedRefresh(Authentication grant) {
		String clientId = grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				? client.getPrincipal().toString() : null;
		publish(null, clientId, OAuth2ErrorCodes.INVALID_GRANT, "refresh_token");
	}

	private void publish(String user, String clientId, String reason, String grantType) {
		String principal = user != null && !user.equals(clientId) ? user : clientId;
		audit.publish(AuditEvents.BINDING_REFUSED, principal, AuditEvents.CLIENT_ID, clientId, AuditEvents.USER,
				user != null && !user.equals(clientId) ? user : null, AuditEvents.GRANT_TYPE, grantType,
				AuditEvents.REASON, reason);
	}

}
