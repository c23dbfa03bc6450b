package dev.mtlsauthz.authserver.web;

import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;

/**
 * Where Spring Authorization Server sends people to these pages instead of its own: the
 * consent page of the authorization endpoint and of device verification
 * ({@link ConsentController}), with the scopes in the order the client asked for them
 * ({@link RequestedScopeOrder}, recorded here for authorization and pushed authorization
 * requests), the error page for authorization errors that cannot go back to the client
 * (RFC 6749 section 4.1.2.1, {@link AuthorizationErrorResponse}), and the device
 * activation page ({@link DeviceActivationController}) after device verification. The
 * device flow's {@code verification_uri} is written by the {@code device} package.
 * <p>
 * A bean, but not a {@code Customizer} bean: Spring Security applies every
 * {@code Customizer} bean to every filter chain ({@code HttpSecurityConfiguration}), and
 * this belongs to the authorization server's only; {@code SecurityConfiguration} applies
 * it there.
 */
public class PagesCustomizer {

	static final String CONSENT_PAGE = "/oauth2/consent";

	public void customize(OAuth2AuthorizationServerConfigurer server) {
		server
			.authorizationEndpoint(authorization -> authorization
				.authorizationRequestConverters(
						converters -> converters.replaceAll(RequestedScopeOrder::ofAuthorizationRequests))
				.consentPage(CONSENT_PAGE)
				.errorResponseHandler(new AuthorizationErrorResponse()))
			.pushedAuthorizationRequestEndpoint(par -> par.pushedAuthorizationRequestConverters(
					converters -> converters.replaceAll(RequestedScopeOrder::ofAuthorizationRequests)))
			.deviceVerificationEndpoint(verification -> verification.consentPage(CONSENT_PAGE)
				.deviceVerificationResponseHandler(
						new SimpleUrlAuthenticationSuccessHandler(DeviceActivationController.PATH + "?success"))
				.errorResponseHandler(new DeviceVerificationErrorResponse()));
	}

}
