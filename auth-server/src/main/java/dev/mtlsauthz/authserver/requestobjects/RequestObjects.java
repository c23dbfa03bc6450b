package dev.mtlsauthz.authserver.requestobjects;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

import dev.mtlsauthz.authserver.clients.ClientSettingNames;
import dev.mtlsauthz.authserver.fapi.FapiClientMetadata;
import dev.mtlsauthz.authserver.fetch.ClientUrlFetcher;

/**
 * Signed request objects (RFC 9101, JWT-Secured Authorization Request) passed by value in
 * the {@code request} parameter, at the authorization endpoint (section 5.1) and at the
 * pushed authorization request endpoint (RFC 9126 section 3). The request object is
 * verified with the client's registered keys ({@code jwks}, or {@code jwks_uri} fetched
 * through the SSRF-safe {@link ClientUrlFetcher}), then its claims are the request's only
 * parameters (section 6.3), with the {@code client_id} outside it: Spring Authorization
 * Server's converter reads them as if the client had sent them, and nothing else of the
 * request.
 * <p>
 * Checked (section 6): signed with an asymmetric algorithm the server supports
 * ({@link RequestObjectAlgorithms}; {@code alg: none} and HMAC are refused) and, if the
 * client registered {@code request_object_signing_alg}, that one; {@code iss} the client;
 * {@code aud} the issuer; {@code exp} present and not passed; {@code nbf} and
 * {@code iat}, when present, not in the future (60 seconds of clock skew); a
 * {@code client_id} claim, when present, the client's; {@code typ}, when present,
 * {@code oauth-authz-req+jwt} or {@code JWT}. Any failure is
 * {@code invalid_request_object} (section 6.2), never an error that points back at the
 * request object's redirect URI.
 * <p>
 * The verifier of each client's keys is cached per instance and safe to lose: rebuilt
 * whenever the registration differs from the one it was built for.
 */
public class RequestObjects {

	/** The request parameter (RFC 9101 section 4). */
	static final String REQUEST = "request";

	/** RFC 9101 section 6.2. */
	static final String INVALID_REQUEST_OBJECT = "invalid_request_object";

	private static final Set<String> REGISTERED_CLAIMS = Set.of("iss", "aud", "exp", "nbf", "iat", "jti", "sub");

	private static final int CLOCK_SKEW_SECONDS = 60;

	/** Spring Authorization Server's, for both endpoints: it tells them apart itself. */
	private static final AuthenticationConverter CONVERTER = new OAuth2AuthorizationCodeRequestAuthenticationConverter();

	private final String issuer;

	private final RegisteredClientRepository clients;

	private final ClientUrlFetcher fetcher;

	private final Map<String, CachedProcessor> processors = new ConcurrentHashMap<>();

	public RequestObjects(String issuer, RegisteredClientRepository clients, ClientUrlFetcher fetcher) {
		this.issuer = issuer;
		this.clients = clients;
		this.fetcher = fetcher;
	}

	/**
	 * The converter of authorization requests with a request object, placed before Spring
	 * Authorization Server's: the client is named by the {@code client_id} parameter.
	 * Requests without one are left to the next converter.
	 */
	public AuthenticationConverter authorizationRequests() {
		return request -> {
			String requestObject = request.getParameter(REQUEST);
			if (requestObject == null) {
				return null;
			}
			String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
			RegisteredClient client = clientId != null ? clients.findByClientId(clientId) : null;
			if (client == null) {
				throw invalid(OAuth2ErrorCodes.INVALID_REQUEST,
						"client_id is required next to request, and must name a registered client");
			}
			return CONVERTER.convert(unpacked(request, client, requestObject));
		};
	}

	/**
	 * The converter of pushed authorization requests with a request object, placed before
	 * Spring Authorization Server's: the client is the one that authenticated.
	 */
	public AuthenticationConverter pushedAuthorizationRequests() {
		return request -> {
			String requestObject = request.getParameter(REQUEST);
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			if (requestObject == null || !(authentication instanceof OAuth2ClientAuthenticationToken client)
					|| client.getRegisteredClient() == null) {
				return null;
			}
			return CONVERTER.convert(unpacked(request, client.getRegisteredClient(), requestObject));
		};
	}

	private HttpServletRequest unpacked(HttpServletRequest request, RegisteredClient client, String requestObject) {
		if (request.getParameter(OAuth2ParameterNames.REQUEST_URI) != null) {
			throw invalid(OAuth2ErrorCodes.INVALID_REQUEST, "request and request_uri cannot both be sent");
		}
		Map<String, String> parameters = parameters(verify(client, requestObject));
		parameters.put(OAuth2ParameterNames.CLIENT_ID, client.getClientId());
		return new RequestObjectParameters(request, parameters);
	}

	/** The verified claims of a client's request object. */
	JWTClaimsSet verify(RegisteredClient client, String requestObject) {
		JWT jwt;
		try {
			jwt = JWTParser.parse(requestObject);
		}
		catch (ParseException ex) {
			throw invalid(INVALID_REQUEST_OBJECT, "the request object is not a JWT");
		}
		if (!(jwt instanceof SignedJWT signed)) {
			throw invalid(INVALID_REQUEST_OBJECT, "the request object must be signed (alg none is refused)");
		}
		String algorithm = signed.getHeader().getAlgorithm().getName();
		String registered = client.getClientSettings()
			.getSetting(FapiClientMetadata.REQUEST_OBJECT_SIGNING_ALG_SETTING);
		if (!RequestObjectAlgorithms.SUPPORTED.contains(algorithm)
				|| (registered != null && !registered.equals(algorithm))) {
			throw invalid(INVALID_REQUEST_OBJECT, "the request object's alg " + algorithm + " is not accepted: use "
					+ (registered != null ? registered : "one of " + RequestObjectAlgorithms.SUPPORTED));
		}
		JWTClaimsSet claims;
		try {
			claims = processor(client).process(signed, null);
		}
		catch (BadJOSEException ex) {
			throw invalid(INVALID_REQUEST_OBJECT, "the request object was refused: " + describe(ex));
		}
		catch (JOSEException ex) {
			throw invalid(INVALID_REQUEST_OBJECT,
					"the request object's signature cannot be verified with the client's registered keys");
		}
		Object clientIdClaim = claims.getClaim(OAuth2ParameterNames.CLIENT_ID);
		if (clientIdClaim != null && !client.getClientId().equals(clientIdClaim)) {
			throw invalid(INVALID_REQUEST_OBJECT, "the request object's client_id is not the client's");
		}
		return claims;
	}

	private DefaultJWTProcessor<SecurityContext> processor(RegisteredClient client) {
		CachedProcessor cached = processors.get(client.getClientId());
		if (cached != null && cached.client().equals(client)) {
			return cached.processor();
		}
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("oauth-authz-req+jwt"),
				JOSEObjectType.JWT, null));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
				RequestObjectAlgorithms.SUPPORTED.stream().map(JWSAlgorithm::parse).collect(Collectors.toSet()),
				keys(client)));
		DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(issuer,
				new JWTClaimsSet.Builder().issuer(client.getClientId()).build(), new HashSet<>(Set.of("exp")));
		verifier.setMaxClockSkew(CLOCK_SKEW_SECONDS);
		processor.setJWTClaimsSetVerifier(verifier);
		processors.put(client.getClientId(), new CachedProcessor(client, processor));
		return processor;
	}

	private JWKSource<SecurityContext> keys(RegisteredClient client) {
		String inline = client.getClientSettings().getSetting(ClientSettingNames.JWKS);
		if (inline != null) {
			try {
				return new ImmutableJWKSet<>(JWKSet.parse(inline));
			}
			catch (ParseException ex) {
				throw invalid(INVALID_REQUEST_OBJECT, "the client's registered jwks cannot be read");
			}
		}
		String jwksUri = client.getClientSettings().getJwkSetUrl();
		if (jwksUri != null) {
			try {
				URL url = URI.create(jwksUri).toURL();
				return JWKSourceBuilder.<SecurityContext>create(url, fetcher).build();
			}
			catch (MalformedURLException | IllegalArgumentException ex) {
				throw invalid(INVALID_REQUEST_OBJECT, "the client's registered jwks_uri is not a URL");
			}
		}
		throw invalid(INVALID_REQUEST_OBJECT,
				"the client registered no jwks or jwks_uri to verify its request objects with");
	}

	/**
	 * The claims as request parameters: strings as they are, other values (numbers,
	 * {@code claims}, {@code authorization_details}) as JSON.
	 */
	private static Map<String, String> parameters(JWTClaimsSet claims) {
		Map<String, String> parameters = new LinkedHashMap<>();
		claims.getClaims().forEach((name, value) -> {
			if (REGISTERED_CLAIMS.contains(name) || value == null) {
				return;
			}
			if (value instanceof String string) {
				parameters.put(name, string);
			}
			else if (value instanceof Map<?, ?> || value instanceof List<?>) {
				parameters.put(name, json(value));
			}
			else {
				parameters.put(name, String.valueOf(value));
			}
		});
		return parameters;
	}

	/** A JSON object or array as JSON text. */
	@SuppressWarnings("unchecked")
	private static String json(Object value) {
		return (value instanceof Map<?, ?> object) ? JSONObjectUtils.toJSONString((Map<String, ?>) object)
				: JSONArrayUtils.toJSONString((List<?>) value);
	}

	/**
	 * Why Nimbus refused it, by the kind of refusal: its message is not for clients.
	 */
	private static String describe(BadJOSEException ex) {
		if (ex instanceof BadJWSException) {
			return "the signature does not verify with the client's registered keys";
		}
		if (ex instanceof BadJWTException) {
			return "its claims must have iss the client_id, aud the issuer " + "and exp not passed, and nbf and iat "
					+ "(when present) not in the future";
		}
		return "its typ must be oauth-authz-req+jwt or JWT, and one of the client's registered keys must match its "
				+ "alg and kid";
	}

	private static OAuth2AuthenticationException invalid(String code, String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(code, description, "https://datatracker.ietf.org/doc/html/rfc9101#section-6"));
	}

	private record CachedProcessor(RegisteredClient client, DefaultJWTProcessor<SecurityContext> processor) {
	}

}
