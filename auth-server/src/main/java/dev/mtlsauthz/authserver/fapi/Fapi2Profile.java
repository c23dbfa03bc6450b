package dev.mtlsauthz.authserver.fapi;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;

import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

/**
 * What the FAPI 2.0 Security Profile (final) requires of an authorization server, section
 * 5.3.2, for the clients it applies to ({@code authserver.fapi.profile: fapi2}, or a
 * client's {@code security_profile: fapi2}), and the pushed authorization requests that
 * other clients or the server may require (RFC 9126 section 5).
 * <p>
 * At the authorization and PAR endpoints, after Spring Authorization Server's own checks
 * of {@code redirect_uri} and {@code scope} (so an error goes back to a redirect URI the
 * client registered, with {@code iss}):
 * <ul>
 * <li>5.3.2.2 item 5: PKCE with {@code S256}, also for confidential clients (Spring
 * Authorization Server refuses {@code plain} and any other method itself);</li>
 * <li>5.3.2.2 item 6: {@code redirect_uri} in every pushed request, never a registered
 * default;</li>
 * <li>5.3.2.2 item 8: no {@code http} redirect URI but a loopback one (RFC 8252 section
 * 7.3).</li>
 * </ul>
 * Item 1 (the code grant only) and the {@code code} response type only are Spring
 * Authorization Server's own (no implicit or hybrid flow;
 * {@code unsupported_response_type} otherwise). 5.3.2.1 item 11: an authorization code
 * lives at most 60 seconds ({@link #authorizationCodes}); item 13: a pushed request's
 * {@code request_uri} lives 300 seconds, Spring Authorization Server's fixed value, under
 * the 600 the profile allows. The rules of client authentication are
 * {@link Fapi2ClientRequests}; items 4 and 5 are {@link #senderConstrainedAccessTokens}.
 */
public class Fapi2Profile {

	/** FAPI 2.0 Security Profile section 5.3.2.1, item 11. */
	static final Duration MAX_AUTHORIZATION_CODE_LIFETIME = Duration.ofSeconds(60);

	private static final String PROFILE_URI = "https://openid.net/specs/fapi-security-profile-2_0-final.html";

	private static final StringKeyGenerator CODES = new Base64StringKeyGenerator(
			Base64.getUrlEncoder().withoutPadding(), 96);

	private final FapiProperties properties;

	public Fapi2Profile(FapiProperties properties) {
		this.properties = properties;
	}

	/** Whether the FAPI 2.0 Security Profile applies to this client. */
	public boolean appliesTo(RegisteredClient client) {
		return properties.profile() == SecurityProfile.FAPI2
				|| FapiClientMetadata.securityProfile(client) == SecurityProfile.FAPI2;
	}

	/** Whether this client's authorization requests must be pushed first. */
	public boolean requiresPushedAuthorizationRequests(RegisteredClient client) {
		return properties.requirePushedAuthorizationRequests()
				|| FapiClientMetadata.requiresPushedAuthorizationRequests(client) || appliesTo(client);
	}

	/**
	 * The checks of an authorization request, pushed or not, after Spring Authorization
	 * Server's.
	 */
	public Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> authorizationRequestValidator() {
		return context -> {
			OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
			RegisteredClient client = context.getRegisteredClient();
			if (!appliesTo(client)) {
				return;
			}
			if (!StringUtils
				.hasText((String) request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE))) {
				throw refusal(request, OAuth2ErrorCodes.INVALID_REQUEST,
						"the FAPI 2.0 Security Profile requires PKCE: send code_challenge with code_challenge_method S256");
			}
			if (!StringUtils.hasText(request.getRedirectUri())) {
				throw refusal(request, OAuth2ErrorCodes.INVALID_REQUEST,
						"the FAPI 2.0 Security Profile requires redirect_uri in the pushed authorization request");
			}
			if (!isHttpsOrLoopback(request.getRedirectUri())) {
				throw refusal(request, OAuth2ErrorCodes.INVALID_REQUEST,
						"the FAPI 2.0 Security Profile refuses an http redirect_uri that is not a loopback address");
			}
		};
	}

	/**
	 * Authorization codes as Spring Authorization Server generates them (96 random bytes,
	 * base64url, living the client's {@code authorization_code_time_to_live}), except
	 * that those of clients under the profile expire after 60 seconds at most.
	 */
	public OAuth2TokenGenerator<OAuth2AuthorizationCode> authorizationCodes() {
		return context -> {
			if (context.getTokenType() == null
					|| !OAuth2ParameterNames.CODE.equals(context.getTokenType().getValue())) {
				return null;
			}
			Duration lifetime = context.getRegisteredClient().getTokenSettings().getAuthorizationCodeTimeToLive();
			if (appliesTo(context.getRegisteredClient()) && lifetime.compareTo(MAX_AUTHORIZATION_CODE_LIFETIME) > 0) {
				lifetime = MAX_AUTHORIZATION_CODE_LIFETIME;
			}
			Instant issuedAt = Instant.now();
			return new OAuth2AuthorizationCode(CODES.generateKey(), issuedAt, issuedAt.plus(lifetime));
		};
	}

	/**
	 * Section 5.3.2.1 items 4 and 5: every access token issued to a client under the
	 * profile is sender-constrained, read on the token itself: it carries {@code cnf} (a
	 * certificate's {@code x5t#S256}, as {@code CertificateBinding} decides, or a DPoP
	 * key's {@code jkt}); otherwise the grant fails with {@code invalid_request} before
	 * the token is saved or returned. For the token generator, applied before the audit
	 * so that a refused token is not recorded as issued. Hot path: a settings read per
	 * access token.
	 */
	public ObjectPostProcessor<OAuth2TokenGenerator<?>> senderConstrainedAccessTokens() {
		return new ObjectPostProcessor<>() {
			@Override
			@SuppressWarnings("unchecked")
			public <O extends OAuth2TokenGenerator<?>> O postProcess(O generator) {
				OAuth2TokenGenerator<OAuth2Token> checked = context -> {
					OAuth2Token token = generator.generate(context);
					if (token != null && OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
							&& appliesTo(context.getRegisteredClient()) && !senderConstrained(context, token)) {
						throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
								"the FAPI 2.0 Security Profile requires sender-constrained access tokens: present the "
										+ "client's certificate at the token endpoint listed in mtls_endpoint_aliases, "
										+ "or a DPoP proof",
								null));
					}
					return token;
				};
				return (O) checked;
			}
		};
	}

	private static boolean senderConstrained(OAuth2TokenContext context, OAuth2Token token) {
		return context.get(OAuth2TokenContext.DPOP_PROOF_KEY) != null
				|| (token instanceof ClaimAccessor claims && claims.getClaims().get("cnf") != null);
	}

	/**
	 * Placed before Spring Authorization Server's converters at the authorization
	 * endpoint: refuses an authorization request that was not pushed, of a client that
	 * must push them (RFC 9126 section 5), with {@code invalid_request} on the error
	 * page: its redirect URI was never checked, so the person is not sent there. Every
	 * other request is left to the next converter. Hot path: the registration's lookup
	 * (cached per instance) for each authorization request without {@code request_uri}.
	 */
	public AuthenticationConverter pushedRequestsRequired(RegisteredClientRepository clients) {
		return request -> {
			boolean authorizationRequest = "GET".equals(request.getMethod())
					|| request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE) != null;
			String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
			if (!authorizationRequest || clientId == null
					|| request.getParameter(OAuth2ParameterNames.REQUEST_URI) != null) {
				return null;
			}
			RegisteredClient client = clients.findByClientId(clientId);
			if (client != null && requiresPushedAuthorizationRequests(client)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
						"this client's authorization requests must be pushed to the pushed authorization request "
								+ "endpoint first (require_pushed_authorization_requests): send request_uri",
						"https://datatracker.ietf.org/doc/html/rfc9126#section-5"));
			}
			return null;
		};
	}

	private static boolean isHttpsOrLoopback(String redirectUri) {
		URI uri;
		try {
			uri = URI.create(redirectUri);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		if (!"http".equalsIgnoreCase(uri.getScheme())) {
			return true;
		}
		String host = uri.getHost();
		if (host == null) {
			return false;
		}
		// Only literal loopback addresses: a name could resolve anywhere (RFC 8252
		// section 8.3).
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
			return false;
		}
		try {
			return InetAddress.getByName(host).isLoopbackAddress();
		}
		catch (java.net.UnknownHostException ex) {
			return false;
		}
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationException refusal(
			OAuth2AuthorizationCodeRequestAuthenticationToken request, String code, String description) {
		return new OAuth2AuthorizationCodeRequestAuthenticationException(
				new OAuth2Error(code, description, PROFILE_URI), request);
	}

}
