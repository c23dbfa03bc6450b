package dev.mtlsauthz.authserver.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pages' part of the authorization server ({@link PagesCustomizer}) and the error
 * page's attributes ({@link OAuth2ErrorAttributes}); the pages themselves are the
 * controllers of this package.
 */
@Configuration(proxyBeanMethods = false)
class PagesConfiguration {

	@Bean
	PagesCustomizer pagesCustomizer() {
		return new PagesCustomizer();
	}

	@Bean
	OAuth2ErrorAttributes oauth2ErrorAttributes() {
		return new OAuth2ErrorAttributes();
	}

}
