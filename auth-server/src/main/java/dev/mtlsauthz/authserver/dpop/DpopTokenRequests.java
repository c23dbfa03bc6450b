package dev.mtlsauthz.authserver.dpop;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.OAuth2TokenEndpointFilter;

/**
 * Adds {@link DpopTokenRequestFilter} right before Spring Authorization Server's token
 * endpoint filter. Apply it after {@code oauth2AuthorizationServer(...)}, whose
 * configurer places that filter, and post-process the token generator with
 * {@link #tokenGeneration()}.
 */
public final class DpopTokenRequests extends AbstractHttpConfigurer<DpopTokenRequests, HttpSecurity> {

	private final DpopTokenRequestFilter filter;

	DpopTokenRequests(DpopTokenRequestFilter filter) {
		this.filter = filter;
	}

	/**
	 * The DPoP rules of the client and the grant ({@link DpopTokenBinding}), for the
	 * token generator.
	 */
	public ObjectPostProcessor<OAuth2TokenGenerator<?>> tokenGeneration() {
		return new DpopTokenBinding();
	}

	@Override
	public void configure(HttpSecurity http) {
		http.addFilterBefore(postProcess(filter), OAuth2TokenEndpointFilter.class);
	}

}
