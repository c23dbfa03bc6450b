package dev.mtlsauthz.authserver.errors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import dev.mtlsauthz.authserver.mtls.MtlsEndpoints;

/**
 * The endpoints that clients and resource servers call, rather than people, and the HTTP
 * methods each accepts: every error there is a JSON error, never a page. Their paths come
 * from Spring Authorization Server's settings; the mTLS connector serves nothing else.
 */
public class ClientEndpoints {

	/** RFC 9728 section 3: protected resource metadata, under this prefix. */
	private static final String PROTECTED_RESOURCE_METADATA = "/.well-known/oauth-protected-resource";

	/** RFC 7592 section 2: client configuration endpoints, under this prefix. */
	private static final String CLIENT_CONFIGURATION = "/oauth2/register/";

	private final Map<String, Set<HttpMethod>> methods = new LinkedHashMap<>();

	private final Set<String> formEndpoints;

	private final MtlsEndpoints mtls;

	public ClientEndpoints(AuthorizationServerSettings settings, MtlsEndpoints mtls) {
		this.mtls = mtls;
		// RFC 6749 section 3.2, RFC 7662 section 2.1, RFC 7009 section 2.1, RFC 9126
		// section 2.1, RFC 8628 section 3.1: POST with a form body.
		this.formEndpoints = Set.of(settings.getTokenEndpoint(), settings.getTokenIntrospectionEndpoint(),
				settings.getTokenRevocationEndpoint(), settings.getPushedAuthorizationRequestEndpoint(),
				settings.getDeviceAuthorizationEndpoint());
		formEndpoints.forEach(path -> methods.put(path, Set.of(HttpMethod.POST)));
		// OpenID Connect Core section 5.3.1: GET or POST.
		methods.put(settings.getOidcUserInfoEndpoint(), Set.of(HttpMethod.GET, HttpMethod.POST));
		// RFC 7591 section 3.1.
		methods.put(settings.getClientRegistrationEndpoint(), Set.of(HttpMethod.POST));
		methods.put(settings.getJwkSetEndpoint(), Set.of(HttpMethod.GET));
		methods.put("/.well-known/openid-configuration", Set.of(HttpMethod.GET));
		methods.put("/.well-known/oauth-authorization-server", Set.of(HttpMethod.GET));
	}

	/**
	 * The methods the endpoint at this path accepts; {@code null} if it is none of ours
	 * or one whose controller answers a wrong method itself (RFC 7592). Spring
	 * Authorization Server's GET endpoints are filters that answer GET only; the
	 * metadata's controller answers HEAD too.
	 */
	Set<HttpMethod> methods(String path) {
		if (path.startsWith(PROTECTED_RESOURCE_METADATA)) {
			return Set.of(HttpMethod.GET, HttpMethod.HEAD);
		}
		return methods.get(path);
	}

	/**
	 * Whether the endpoint takes its parameters as an
	 * {@code application/x-www-form-urlencoded} body.
	 */
	boolean takesForm(String path) {
		return formEndpoints.contains(path);
	}

	/** Whether an error at this path, reached through this request, is a client's. */
	boolean isClientEndpoint(String path, HttpServletRequest request) {
		return methods.containsKey(path) || path.startsWith(PROTECTED_RESOURCE_METADATA)
				|| path.startsWith(CLIENT_CONFIGURATION) || mtls.isMtlsRequest(request);
	}

}
