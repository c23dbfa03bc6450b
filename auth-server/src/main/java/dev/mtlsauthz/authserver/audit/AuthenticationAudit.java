package dev.mtlsauthz.authserver.audit;

import org.springframework.boot.actuate.security.AbstractAuthenticationAuditListener;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureProviderNotFoundEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.mtlsauthz.authserver.throttling.SignInThrottledException;

/**
 * Turns Spring Security's authentication events into audit events, in place of Spring
 * Boot's {@code AuthenticationAuditListener}:
 * <ul>
 * <li>a person's sign-in at the login page: {@link AuditEvents#SIGN_IN_SUCCESS} or
 * {@link AuditEvents#SIGN_IN_FAILURE}, with the user name and the remote address;</li>
 * <li>a client failing to authenticate at a client endpoint:
 * {@link AuditEvents#CLIENT_AUTHENTICATION_FAILED}, with the client id, the method it
 * tried and the OAuth error code as the reason;</li>
 * <li>a refresh refused for its certificate binding: {@link BindingRefusedAudit}.</li>
 * </ul>
 * A client's successful authentication (every token request) and bearer tokens are not
 * audited: the token response they lead to is ({@link TokenIssuedAudit}).
 */
class AuthenticationAudit extends AbstractAuthenticationAuditListener {

	private final AuditEventPublisher audit;

	private final BindingRefusedAudit bindingRefused;

	AuthenticationAudit(AuditEventPublisher audit, BindingRefusedAudit bindingRefused) {
		this.audit = audit;
		this.bindingRefused = bindingRefused;
	}

	@Override
	public void onApplicationEvent(AbstractAuthenticationEvent event) {
		Authentication authentication = event.getAuthentication();
		if (event instanceof AuthenticationFailureProviderNotFoundEvent) {
			// A manager without a provider for it (the pages' for a client), not an
			// outcome.
			return;
		}
		if (event instanceof AbstractAuthenticationFailureEvent failure) {
			if (authentication instanceof OAuth2ClientAuthenticationToken client) {
				clientAuthenticationFailed(client, failure.getException());
			}
			else if (authentication instanceof UsernamePasswordAuthenticationToken) {
				signIn(AuditEvents.SIGN_IN_FAILURE, authentication, reason(failure.getException()));
			}
			else if (BindingRefusedAudit.isRefusedRefresh(failure.getException())) {
				bindingRefused.refusedRefresh(authentication);
			}
		}
		else if (event instanceof AuthenticationSuccessEvent
				&& authentication instanceof UsernamePasswordAuthenticationToken) {
			signIn(AuditEvents.SIGN_IN_SUCCESS, authentication, null);
		}
	}

	private void clientAuthenticationFailed(OAuth2ClientAuthenticationToken client, AuthenticationException ex) {
		String clientId = client.getPrincipal() != null ? client.getPrincipal().toString() : null;
		audit.publish(AuditEvents.CLIENT_AUTHENTICATION_FAILED, clientId, AuditEvents.CLIENT_ID, clientId,
				AuditEvents.METHOD, client.getClientAuthenticationMethod().getValue(), AuditEvents.REASON,
				ex instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "invalid_client",
				AuditEvents.REMOTE_ADDRESS, remoteAddress(client));
	}

	private void signIn(String type, Authentication authentication, String reason) {
		audit.publish(type, authentication.getName(), AuditEvents.USER, authentication.getName(),
				AuditEvents.REMOTE_ADDRESS, remoteAddress(authentication), AuditEvents.REASON, reason);
	}

	private static String remoteAddress(Authentication authentication) {
		return authentication.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress()
				: null;
	}

	/** Why a sign-in failed, in a word that says nothing about the password. */
	private static String reason(AuthenticationException ex) {
		if (ex instanceof SignInThrottledException) {
			return "throttled";
		}
		if (ex instanceof BadCredentialsException) {
			return "bad_credentials";
		}
		if (ex instanceof DisabledException) {
			return "disabled";
		}
		if (ex instanceof LockedException) {
			return "locked";
		}
		return ex.getClass().getSimpleName();
	}

}
