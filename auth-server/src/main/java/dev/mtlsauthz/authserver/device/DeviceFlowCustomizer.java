package dev.mtlsauthz.authserver.device;

import java.util.function.Supplier;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

import dev.mtlsauthz.authserver.web.DeviceActivationController;
import dev.mtlsauthz.authserver.web.RequestedScopeOrder;

/**
 * What this server changes in Spring Authorization Server's device authorization grant
 * (RFC 8628), all in the device's part of it (the activation and consent pages are in
 * {@code web}):
 * <ul>
 * <li>the device authorization request ({@link DeviceAuthorizationRequests}): precise
 * errors, {@code openid}, the scope order for the consent page;</li>
 * <li>the device authorization response ({@link DeviceAuthorizationResponseWriter}): the
 * activation page at the issuer as {@code verification_uri}, and an
 * {@code interval};</li>
 * <li>the device access token request ({@link DeviceCodeGrant}): {@code invalid_grant}
 * for a used device code, the ID token, public clients without a certificate.</li>
 * </ul>
 * Public clients ({@code none}) are identified for both requests by
 * {@code clients/RegisteredMethodClientAuthenticationConverter}, and their tokens bound
 * to the certificate they present by {@code binding/CertificateBinding}, as for every
 * grant.
 * <p>
 * A bean, but not a {@code Customizer} bean: Spring Security applies every
 * {@code Customizer} bean to every filter chain ({@code HttpSecurityConfiguration}), and
 * this belongs to the authorization server's only; {@code SecurityConfiguration} applies
 * it there.
 */
public class DeviceFlowCustomizer {

	private final AuthorizationServerSettings settings;

	private final OAuth2AuthorizationService authorizations;

	public DeviceFlowCustomizer(AuthorizationServerSettings settings, OAuth2AuthorizationService authorizations) {
		this.settings = settings;
		this.authorizations = authorizations;
	}

	public void customize(HttpSecurity http, OAuth2AuthorizationServerConfigurer server) {
		Supplier<OAuth2TokenGenerator<?>> tokenGenerator = () -> http.getSharedObject(OAuth2TokenGenerator.class);
		server
			.deviceAuthorizationEndpoint(device -> device
				.deviceAuthorizationRequestConverters(
						converters -> converters.replaceAll(RequestedScopeOrder::ofDeviceAuthorizationRequests))
				.authenticationProviders(providers -> providers
					.replaceAll(provider -> provider instanceof OAuth2DeviceAuthorizationRequestAuthenticationProvider
							? new DeviceAuthorizationRequests(provider, authorizations) : provider))
				.deviceAuthorizationResponseHandler(
						new DeviceAuthorizationResponseWriter(settings.getIssuer() + DeviceActivationController.PATH)))
			.tokenEndpoint(token -> token.authenticationProviders(providers -> providers
				.replaceAll(provider -> provider instanceof OAuth2DeviceCodeAuthenticationProvider
						? new DeviceCodeGrant(provider, authorizations, tokenGenerator) : provider)));
	}

}
