package dev.mtlsauthz.authserver.clients;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.mtlsauthz.mtls.ClientCertificates;

/**
 * Recognises the client authentication methods that carry no credential in the request
 * itself, by the client's registration rather than by guesswork:
 * <ul>
 * <li>{@code tls_client_auth} and {@code self_signed_tls_client_auth} (RFC 8705 section
 * 2): the client's registration says which, never the length of the presented chain, so a
 * {@code tls_client_auth} client that sends only its leaf still uses PKI, and a
 * {@code code_verifier} in the body does not turn it into a public client;</li>
 * <li>a public client ({@code none}) refreshing a token, which carries no
 * {@code code_verifier}; the refresh token itself is bound to the client's certificate
 * (RFC 8705 section 4);</li>
 * <li>a public client starting the device flow or polling for its token (RFC 8628
 * sections 3.1 and 3.4), which carry no {@code code_verifier} either;</li>
 * <li>a public client redeeming an authorization code without the {@code code_verifier}
 * it must send: {@code invalid_request} that names it, instead of an anonymous
 * request.</li>
 * </ul>
 * It runs first, so it first checks the credential parameters for every converter
 * ({@link ClientAuthenticationParameters}), and steps aside (returns {@code null})
 * whenever the request carries a secret or an assertion. It takes the place of Spring
 * Authorization Server's {@code X509ClientCertificateAuthenticationConverter}, which
 * picks the method from the chain length (one certificate means self-signed) and runs
 * after {@code PublicClientAuthenticationConverter}, which takes any request with a
 * {@code code_verifier} for a public client's; {@code CertificateBoundTokenIssuance}
 * installs it.
 */
public class RegisteredMethodClientAuthenticationConverter implements AuthenticationConverter {

	private final RegisteredClientRepository clients;

	private final String deviceAuthorizationEndpoint;

	/**
	 * @param deviceAuthorizationEndpoint the path of the device authorization endpoint,
	 * where a request names no grant type
	 */
	private AuthenticationEventPublisher events;

	public RegisteredMethodClientAuthenticationConverter(RegisteredClientRepository clients,
			String deviceAuthorizationEndpoint) {
		this.clients = clients;
		this.deviceAuthorizationEndpoint = deviceAuthorizationEndpoint;
	}

	/**
	 * Where a failure found here is published, as a provider's would be by its manager: a
	 * client that is unknown, disabled or without its certificate fails here, before any
	 * provider sees it, and the audit must still hear of it.
	 */
	public void setAuthenticationEventPublisher(AuthenticationEventPublisher events) {
		this.events = events;
	}

	private OAuth2AuthenticationException failed(HttpServletRequest request, String clientId,
			ClientAuthenticationMethod method, OAuth2AuthenticationException failure) {
		if (this.events != null) {
			OAuth2ClientAuthenticationToken attempt = new OAuth2ClientAuthenticationToken(clientId, method, null, null);
			attempt.setDetails(new WebAuthenticationDetails(request.getRemoteAddr(), null));
			this.events.publishAuthenticationFailure(failure, attempt);
		}
		return failure;
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		ClientAuthenticationParameters.check(request);
		String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
		if (clientId == null || carriesOtherCredentials(request)) {
			return null;
		}
		RegisteredClient client = clients.findByClientId(clientId);
		if (client == null) {
			throw failed(request, clientId,
					ClientCertificates.chain(request).isPresent() ? ClientAuthenticationMethod.TLS_CLIENT_AUTH
							: ClientAuthenticationMethod.NONE,
					ClientAuthenticationErrors.invalidClient("Unknown or disabled client: " + clientId));
		}
		ClientAuthenticationMethod method = certificateMethod(client);
		if (method != null) {
			X509Certificate[] chain = ClientCertificates.chain(request)
				.orElseThrow(() -> failed(request, clientId, method,
						ClientAuthenticationErrors.invalidClient("The client authenticates with " + method.getValue()
								+ " and presented no client certificate; call the endpoint listed "
								+ "in mtls_endpoint_aliases with the client's certificate")));
			return new OAuth2ClientAuthenticationToken(client.getClientId(), method, chain,
					authorizationCodeParameters(request));
		}
		if (!client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)) {
			return null;
		}
		String grantType = deviceAuthorizationEndpoint.equals(request.getRequestURI())
				? AuthorizationGrantType.DEVICE_CODE.getValue() : request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
		// Set.of(...).contains(null) throws: a PAR request has no grant_type.
		if (grantType != null && PublicClientWithoutPkceAuthenticationProvider.GRANTS.contains(grantType)) {
			return new OAuth2ClientAuthenticationToken(client.getClientId(), ClientAuthenticationMethod.NONE, null,
					Map.of(OAuth2ParameterNames.GRANT_TYPE, grantType));
		}
		if (AuthorizationGrantType.AUTHORIZATION_CODE.getValue().equals(grantType)
				&& request.getParameter(PkceParameterNames.CODE_VERIFIER) == null) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
					"code_verifier is missing: a public client redeems its authorization code with the PKCE "
							+ "code_verifier",
					"https://datatracker.ietf.org/doc/html/rfc7636#section-4.5"));
		}
		return null;
	}

	private static ClientAuthenticationMethod certificateMethod(RegisteredClient client) {
		if (client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.TLS_CLIENT_AUTH)) {
			return ClientAuthenticationMethod.TLS_CLIENT_AUTH;
		}
		if (client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH)) {
			return ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH;
		}
		return null;
	}

	private static boolean carriesOtherCredentials(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null;
	}

	/**
	 * What Spring Authorization Server's code-verifier check reads, for confidential
	 * clients that use PKCE.
	 */
	private static Map<String, Object> authorizationCodeParameters(HttpServletRequest request) {
		if (!AuthorizationGrantType.AUTHORIZATION_CODE.getValue()
			.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
			return Map.of();
		}
		Map<String, Object> parameters = new HashMap<>();
		request.getParameterMap().forEach((name, values) -> {
			if (!OAuth2ParameterNames.CLIENT_ID.equals(name)) {
				parameters.put(name, values.length == 1 ? values[0] : values);
			}
		});
		return parameters;
	}

}
