package dev.mtlsauthz.authserver.clients;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.mtlsauthz.mtls.ClientCertificates;

/**
 * RFC 6749 section 2.3: "The client MUST NOT use more than one authentication method in
 * each request." A request to any endpoint that authenticates clients (token,
 * introspection, revocation, device authorization, pushed authorization requests) that
 * carries two is {@code 400 invalid_request}: HTTP Basic together with a
 * {@code client_secret} or a client assertion in the body, a {@code client_secret} with
 * an assertion, a secret or an assertion from a client that authenticates only with its
 * certificate ({@code tls_client_auth}, {@code self_signed_tls_client_auth}) and presents
 * it, or HTTP Basic for one client with another's {@code client_id} in the body. Spring
 * Authorization Server's converters each take the first credential they recognise and
 * ignore the rest, so such a request used to get a token for whichever came first.
 * <p>
 * A certificate presented by a client that authenticates with a secret or an assertion is
 * no second authentication: it is what the token is bound to (RFC 8705 section 3).
 * <p>
 * It converts nothing itself: it refuses, or steps aside ({@code null}) for the
 * converters after it.
 */
class OneClientAuthenticationPerRequest implements AuthenticationConverter {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-2.3";

	private static final Set<ClientAuthenticationMethod> CERTIFICATE_METHODS = Set
		.of(ClientAuthenticationMethod.TLS_CLIENT_AUTH, ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH);

	private final RegisteredClientRepository clients;

	OneClientAuthenticationPerRequest(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	@Override
	public Authentication convert(HttpServletRequest request) {
		List<String> methods = new ArrayList<>();
		List<String> authorization = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
		if (authorization.size() > 1) {
			throw invalidRequest("the request carries more than one Authorization header");
		}
		String basicClientId = null;
		if (!authorization.isEmpty() && authorization.get(0).regionMatches(true, 0, "Basic ", 0, 6)) {
			methods.add(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue());
			basicClientId = basicClientId(authorization.get(0).substring(6).trim());
		}
		if (request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null) {
			methods.add(ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue());
		}
		if (request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE) != null) {
			methods.add("client_assertion (private_key_jwt or client_secret_jwt)");
		}
		String bodyClientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
		if (basicClientId != null && bodyClientId != null && !basicClientId.equals(bodyClientId)) {
			throw invalidRequest("the client_id in the body is not the client authenticated by the Authorization "
					+ "header; a request authenticates one client");
		}
		if (!methods.isEmpty() && ClientCertificates.chain(request).isPresent()
				&& authenticatesOnlyWithCertificate(basicClientId != null ? basicClientId : bodyClientId)) {
			methods.add("the client's certificate (tls_client_auth or self_signed_tls_client_auth)");
		}
		if (methods.size() > 1) {
			throw invalidRequest("the request uses more than one client authentication method ("
					+ String.join(", ", methods) + "); a request uses exactly one");
		}
		return null;
	}

	private boolean authenticatesOnlyWithCertificate(String clientId) {
		RegisteredClient client = clientId != null ? clients.findByClientId(clientId) : null;
		return client != null && CERTIFICATE_METHODS.containsAll(client.getClientAuthenticationMethods());
	}

	/**
	 * The client identifier of an HTTP Basic credential, form-encoded as RFC 6749 section
	 * 2.3.1 says; {@code null} when it cannot be read, which the Basic converter then
	 * refuses itself.
	 */
	private static String basicClientId(String credentials) {
		try {
			String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return colon < 0 ? null : URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static OAuth2AuthenticationException invalidRequest(String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, "Client authentication: " + description, ERROR_URI));
	}

}
