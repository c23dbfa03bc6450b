package dev.mtlsauthz.authserver.mtls;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.util.UriComponentsBuilder;

import dev.mtlsauthz.authserver.AuthServerProperties;

/**
 * The endpoints that RFC 8705 section 5 lets a client reach over mutual TLS, where they
 * live, and whether a request arrived there. Only endpoints a client calls directly are
 * aliased; never the authorization endpoint, which browsers call.
 * <p>
 * Client certificates reach this server on the mTLS connector, or in a trusted
 * TLS-terminating proxy's header ({@code mtls-authz.client-certificate.source: header}),
 * whether the connector runs or not. Behind such a proxy with the connector off, the
 * aliases are the proxy's: at {@code authserver.mtls.base-url} when it is set (the
 * proxy's host that asks for client certificates); without it, the proxy asks for them at
 * the issuer's own host, where the endpoints are already the mTLS ones, and there are no
 * aliases to advertise.
 */
public class MtlsEndpoints {

	/**
	 * Metadata names of the endpoints that get an alias, with the setting that holds each
	 * one's path.
	 */
	private static final Map<String, Function<AuthorizationServerSettings, String>> ALIASABLE = aliasable();

	private static final String PROTECTED_RESOURCE_METADATA = "/.well-known/oauth-protected-resource";

	/** The operator's API ({@code admin/AdminApiSecurity}). */
	private static final String ADMIN_API = "/admin/api/";

	private final boolean enabled;

	private final boolean certificatesFromProxy;

	private final boolean aliased;

	private final int port;

	private final URI baseUrl;

	private final Set<String> aliasedPaths;

	/**
	 * @param certificatesFromProxy whether client certificates are read from a trusted
	 * proxy's header
	 */
	public MtlsEndpoints(AuthServerProperties properties, AuthorizationServerSettings settings,
			boolean certificatesFromProxy) {
		this.enabled = properties.mtls().enabled();
		this.certificatesFromProxy = certificatesFromProxy;
		this.aliased = enabled || (certificatesFromProxy && properties.mtls().baseUrl() != null);
		this.port = properties.mtls().port();
		this.baseUrl = properties.mtls().baseUrlFor(properties.issuer());
		this.aliasedPaths = ALIASABLE.values()
			.stream()
			.map(path -> path.apply(settings))
			.collect(Collectors.toUnmodifiableSet());
	}

	/** Whether the mTLS connector runs. */
	public boolean enabled() {
		return enabled;
	}

	/**
	 * Whether clients can present certificates at all, on the connector or through a
	 * trusted proxy: then tokens are bound and the certificate-based client
	 * authentication methods work.
	 */
	public boolean receivesClientCertificates() {
		return enabled || certificatesFromProxy;
	}

	/**
	 * Whether the endpoints have aliases to advertise in {@code mtls_endpoint_aliases}.
	 */
	public boolean aliased() {
		return aliased;
	}

	/** Whether the request came in on the mTLS connector. */
	public boolean isMtlsRequest(HttpServletRequest request) {
		return enabled && request.getLocalPort() == port;
	}

	public boolean isAliasedPath(String path) {
		return aliasedPaths.contains(path);
	}

	/**
	 * Whether the mTLS connector serves the path: an aliased endpoint, the admin API, or
	 * the RFC 9728 metadata of one (section 3.1: the well-known path before the
	 * endpoint's), which the challenges of the aliased userinfo and registration
	 * endpoints name.
	 */
	public boolean isServedPath(String path) {
		// The admin API takes certificate-bound tokens only, so it is served where
		// clients present certificates.
		return isAliasedPath(path) || path.startsWith(ADMIN_API) || (path.startsWith(PROTECTED_RESOURCE_METADATA)
				&& isAliasedPath(path.substring(PROTECTED_RESOURCE_METADATA.length())));
	}

	/**
	 * The {@code mtls_endpoint_aliases} object for a metadata document: one alias for
	 * each aliasable endpoint that the document advertises at its top level, so that no
	 * alias names an endpoint that does not exist.
	 */
	public Map<String, Object> aliasesFor(Map<String, Object> metadata) {
		Map<String, Object> aliases = new LinkedHashMap<>();
		ALIASABLE.keySet().forEach(name -> {
			if (metadata.get(name) != null) {
				aliases.put(name, alias(URI.create(metadata.get(name).toString()).getRawPath()));
			}
		});
		return aliases;
	}

	/** The URL at the mTLS connector of the endpoint at {@code path}. */
	public String alias(String path) {
		return UriComponentsBuilder.fromUri(baseUrl).path(path).build().toUriString();
	}

	private static Map<String, Function<AuthorizationServerSettings, String>> aliasable() {
		Map<String, Function<AuthorizationServerSettings, String>> endpoints = new LinkedHashMap<>();
		endpoints.put("token_endpoint", AuthorizationServerSettings::getTokenEndpoint);
		endpoints.put("introspection_endpoint", AuthorizationServerSettings::getTokenIntrospectionEndpoint);
		endpoints.put("revocation_endpoint", AuthorizationServerSettings::getTokenRevocationEndpoint);
		endpoints.put("userinfo_endpoint", AuthorizationServerSettings::getOidcUserInfoEndpoint);
		endpoints.put("device_authorization_endpoint", AuthorizationServerSettings::getDeviceAuthorizationEndpoint);
		endpoints.put("pushed_authorization_request_endpoint",
				AuthorizationServerSettings::getPushedAuthorizationRequestEndpoint);
		endpoints.put("registration_endpoint", AuthorizationServerSettings::getClientRegistrationEndpoint);
		return endpoints;
	}

}
