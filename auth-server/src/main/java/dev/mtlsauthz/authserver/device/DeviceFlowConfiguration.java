package dev.mtlsauthz.authserver.device;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * The device authorization grant (RFC 8628): what this server changes in Spring
 * Authorization Server's ({@link DeviceFlowCustomizer}).
 */
@Configuration(proxyBeanMethods = false)
class DeviceFlowConfiguration {

	@Bean
	DeviceFlowCustomizer deviceFlowCustomizer(AuthorizationServerSettings settings,
			OAuth2AuthorizationService authorizations) {
		return new DeviceFlowCustomizer(settings, authorizations);
	}

}
