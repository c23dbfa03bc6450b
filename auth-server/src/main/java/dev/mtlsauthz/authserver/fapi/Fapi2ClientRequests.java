package dev.mtlsauthz.authserver.fapi;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.mtlsauthz.authserver.errors.OAuth2ErrorResponseHandler;

/**
 * The FAPI 2.0 Security Profile's rules of client authentication for a client it applies
 * to, checked once the client is authenticated at any endpoint (token, PAR,
 * introspection, revocation, device authorization) and before the endpoint works:
 * <ul>
 * <li>section 5.3.2.1 items 3 and 6: only confidential clients, authenticated with
 * {@code tls_client_auth}, {@code self_signed_tls_client_auth} or {@code private_key_jwt}
 * ({@code invalid_client} otherwise, also for a client whose registration predates the
 * profile being switched on);</li>
 * <li>item 8: a {@code private_key_jwt} assertion names the issuer as its one audience,
 * not an endpoint ({@code invalid_client}).</li>
 * </ul>
 * Items 4 and 5 (sender-constrained access tokens) are checked on the token itself, by
 * {@link Fapi2Profile#senderConstrainedAccessTokens()}.
 * <p>
 * A filter after client authentication rather than a provider of Spring Authorization
 * Server: the rule is the same at every endpoint, and it needs the authenticated client,
 * which only exists after every provider ran. Hot path: a field read of the registration
 * per client request; the assertion's audience is read from the {@code Jwt} that Spring
 * Authorization Server verified.
 */
public class Fapi2ClientRequests extends OncePerRequestFilter {

	private static final Set<ClientAuthenticationMethod> METHODS = Set.of(ClientAuthenticationMethod.TLS_CLIENT_AUTH,
			ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH, ClientAuthenticationMethod.PRIVATE_KEY_JWT);

	private final Fapi2Profile profile;

	private final String issuer;

	public Fapi2ClientRequests(Fapi2Profile profile, String issuer) {
		this.profile = profile;
		this.issuer = issuer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()
				&& client.getRegisteredClient() != null && profile.appliesTo(client.getRegisteredClient())) {
			OAuth2Error refusal = refusal(client);
			if (refusal != null) {
				new OAuth2ErrorResponseHandler().onAuthenticationFailure(request, response,
						new OAuth2AuthenticationException(refusal));
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private OAuth2Error refusal(OAuth2ClientAuthenticationToken client) {
		ClientAuthenticationMethod method = client.getClientAuthenticationMethod();
		if (!METHODS.contains(method)) {
			return new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
					"the FAPI 2.0 Security Profile allows only tls_client_auth, self_signed_tls_client_auth and "
							+ "private_key_jwt client authentication, not " + method.getValue(),
					null);
		}
		if (ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(method) && !audienceIsTheIssuer(client)) {
			return new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
					"under the FAPI 2.0 Security Profile the client assertion's aud must be the issuer identifier "
							+ issuer + " and nothing else",
					null);
		}
		return null;
	}

	private boolean audienceIsTheIssuer(OAuth2ClientAuthenticationToken client) {
		return client.getCredentials() instanceof Jwt assertion && List.of(issuer).equals(assertion.getAudience());
	}

}
