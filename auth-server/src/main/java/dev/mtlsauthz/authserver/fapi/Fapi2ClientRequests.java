package dev.mtlsauthz.authserver.fapi;

import java.io.IOException;
import java.text.ParseException;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.nimbusds.jwt.JWTParser;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.mtlsauthz.authserver.binding.CertificateBinding;
import dev.mtlsauthz.authserver.errors.OAuth2ErrorResponseHandler;

/**
 * The FAPI 2.0 Security Profile's rules for a client it applies to, checked once the
 * client is authenticated at any endpoint (token, PAR, introspection, revocation, device
 * authorization) and before the endpoint works:
 * <ul>
 * <li>section 5.3.2.1 items 3 and 6: only confidential clients, authenticated with
 * {@code tls_client_auth}, {@code self_signed_tls_client_auth} or {@code private_key_jwt}
 * ({@code invalid_client} otherwise, also for a client whose registration predates the
 * profile being switched on);</li>
 * <li>item 8: a {@code private_key_jwt} assertion names the issuer as its one audience,
 * not an endpoint ({@code invalid_client});</li>
 * <li>items 4 and 5: every token request that issues an access token is
 * sender-constrained, with the client's certificate (RFC 8705, when the token will carry
 * {@code cnf.x5t#S256}) or a DPoP proof (RFC 9449, which Spring Authorization Server
 * verifies at the token endpoint and binds as {@code cnf.jkt}); otherwise
 * {@code invalid_request}.</li>
 * </ul>
 * A filter after client authentication rather than a provider of Spring Authorization
 * Server: the rule is the same at every endpoint, and it needs the authenticated client,
 * which only exists after every provider ran. Hot path: a field read of the registration
 * per client request, and for {@code private_key_jwt} under the profile the parse of the
 * already-verified assertion.
 */
public class Fapi2ClientRequests extends OncePerRequestFilter {

	private static final Set<ClientAuthenticationMethod> METHODS = Set.of(ClientAuthenticationMethod.TLS_CLIENT_AUTH,
			ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH, ClientAuthenticationMethod.PRIVATE_KEY_JWT);

	private static final String DPOP = "DPoP";

	private final Fapi2Profile profile;

	private final String issuer;

	private final String tokenEndpoint;

	private final boolean alwaysEmitConfirmationClaim;

	/**
	 * @param tokenEndpoint the token endpoint's path, at the issuer and at the mTLS
	 * connector alike
	 * @param alwaysEmitConfirmationClaim whether every presented certificate binds the
	 * access token ({@code authserver.mtls.always-emit-confirmation-claim})
	 */
	public Fapi2ClientRequests(Fapi2Profile profile, String issuer, String tokenEndpoint,
			boolean alwaysEmitConfirmationClaim) {
		this.profile = profile;
		this.issuer = issuer;
		this.tokenEndpoint = tokenEndpoint;
		this.alwaysEmitConfirmationClaim = alwaysEmitConfirmationClaim;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()
				&& client.getRegisteredClient() != null && profile.appliesTo(client.getRegisteredClient())) {
			OAuth2Error refusal = refusal(request, client);
			if (refusal != null) {
				new OAuth2ErrorResponseHandler().onAuthenticationFailure(request, response,
						new OAuth2AuthenticationException(refusal));
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private OAuth2Error refusal(HttpServletRequest request, OAuth2ClientAuthenticationToken client) {
		ClientAuthenticationMethod method = client.getClientAuthenticationMethod();
		if (!METHODS.contains(method)) {
			return new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
					"the FAPI 2.0 Security Profile allows only tls_client_auth, self_signed_tls_client_auth and "
							+ "private_key_jwt client authentication, not " + method.getValue(),
					null);
		}
		if (ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(method) && !audienceIsTheIssuer(request)) {
			return new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
					"under the FAPI 2.0 Security Profile the client assertion's aud must be the issuer identifier "
							+ issuer + " and nothing else",
					null);
		}
		if (issuesAccessToken(request) && !senderConstrained(request, client)) {
			return new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"the FAPI 2.0 Security Profile requires sender-constrained access tokens: present the client's "
							+ "certificate at the token endpoint listed in mtls_endpoint_aliases, or a DPoP proof",
					null);
		}
		return null;
	}

	private boolean audienceIsTheIssuer(HttpServletRequest request) {
		String assertion = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION);
		try {
			List<String> audience = JWTParser.parse(assertion).getJWTClaimsSet().getAudience();
			return List.of(issuer).equals(audience);
		}
		catch (ParseException | NullPointerException ex) {
			return false;
		}
	}

	private boolean issuesAccessToken(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && request.getRequestURI().equals(tokenEndpoint)
				&& request.getParameter(OAuth2ParameterNames.GRANT_TYPE) != null;
	}

	/**
	 * A DPoP proof, which the token endpoint then verifies, or a certificate that the
	 * access token will be bound to, as {@code CertificateBinding} decides.
	 */
	private boolean senderConstrained(HttpServletRequest request, OAuth2ClientAuthenticationToken client) {
		if (request.getHeader(DPOP) != null) {
			return true;
		}
		if (CertificateBinding.presentedCertificate(client).isEmpty()) {
			return false;
		}
		RegisteredClient registered = client.getRegisteredClient();
		ClientAuthenticationMethod method = client.getClientAuthenticationMethod();
		return alwaysEmitConfirmationClaim || registered.getTokenSettings().isX509CertificateBoundAccessTokens()
				|| ClientAuthenticationMethod.TLS_CLIENT_AUTH.equals(method)
				|| ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH.equals(method);
	}

}
