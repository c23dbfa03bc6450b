package dev.mtlsauthz.authserver.clients;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Introspection is for resource servers (RFC 7662 section 4: the server "SHOULD require
 * protected resources to be specifically authorized to call the introspection endpoint"):
 * only a client registered with {@code introspection_allowed: true}, which only the
 * server's own configuration can set, learns anything about a token. Any other client
 * gets {@code {"active":false}} whatever the token, as RFC 7662 section 2.2 requires when
 * "the protected resource is not allowed to introspect this particular token", and as
 * node-oidc-provider answers when its {@code introspection.allowedPolicy} refuses. It is
 * no {@code 401}: the client did authenticate, and a {@code 401} would tell a token
 * scanner which credentials are worth stealing.
 * <p>
 * It runs before Spring Authorization Server's
 * {@code OAuth2TokenIntrospectionAuthenticationProvider}, which lets every authenticated
 * client introspect every token, and steps aside for allowed clients.
 */
class IntrospectionPermission implements AuthenticationProvider {

	private static final Logger log = LoggerFactory.getLogger(IntrospectionPermission.class);

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenIntrospectionAuthenticationToken introspection = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		if (!(introspection.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
				|| allowed(client.getRegisteredClient())) {
			return null;
		}
		log.debug("Client {} is not allowed to introspect tokens (introspection_allowed); answering active=false",
				client.getName());
		return new OAuth2TokenIntrospectionAuthenticationToken(introspection.getToken(), client,
				OAuth2TokenIntrospection.builder().build());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenIntrospectionAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static boolean allowed(RegisteredClient client) {
		return client != null
				&& Boolean.TRUE.equals(client.getClientSettings().getSetting(ClientSettingNames.INTROSPECTION_ALLOWED));
	}

}
