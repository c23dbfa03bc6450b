package dev.mtlsauthz.authserver.protectedresource;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.web.util.UriComponentsBuilder;

import dev.mtlsauthz.authserver.mtls.MtlsEndpoints;

/**
 * This server's own protected resources, the endpoints that take an access token instead
 * of client credentials: userinfo (OpenID Connect Core 1.0 section 5.3) and client
 * registration (RFC 7591 section 3, with an initial access token). Each is one resource
 * at the issuer and another at its mTLS alias, since a resource's identifier is the URL
 * its client calls (RFC 9728 section 3.3), both built from the configured issuer and
 * alias base URL, never from the request's {@code Host}. A resource's metadata (RFC 9728
 * section 2) is at the URL section 3.1 derives from its identifier, the well-known path
 * inserted before the resource's own path, and its challenges name that URL in
 * {@code resource_metadata} (section 5.1).
 */
public class ProtectedResources {

	/** RFC 9728 section 3: the well-known URI suffix of protected resource metadata. */
	public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

	private final String issuer;

	private final MtlsEndpoints endpoints;

	private final Map<String, Resource> byPath;

	public ProtectedResources(String issuer, MtlsEndpoints endpoints, String userInfoPath, String registrationPath) {
		this.issuer = issuer;
		this.endpoints = endpoints;
		this.byPath = Map.of(userInfoPath,
				new Resource(userInfoPath, "OpenID Connect UserInfo",
						List.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL)),
				registrationPath,
				new Resource(registrationPath, "OAuth 2.0 Dynamic Client Registration", List.of("client.create")));
	}

	/** The resource a request was made to, if it was made to one. */
	Optional<Resource> addressedBy(HttpServletRequest request) {
		return Optional.ofNullable(byPath.get(request.getRequestURI()));
	}

	/** The resource whose metadata a request asks for, if it names one. */
	Optional<Resource> describedAt(HttpServletRequest request) {
		String path = request.getRequestURI();
		return path.startsWith(WELL_KNOWN) ? Optional.ofNullable(byPath.get(path.substring(WELL_KNOWN.length())))
				: Optional.empty();
	}

	/** The URL of the resource's metadata, at the connector the request came in on. */
	String metadataUrl(Resource resource, HttpServletRequest request) {
		URI identifier = URI.create(identifier(resource, request));
		return UriComponentsBuilder.fromUri(identifier)
			.replacePath(WELL_KNOWN + identifier.getRawPath())
			.build()
			.toUriString();
	}

	/** The metadata URLs of every resource at the connector the request came in on. */
	List<String> metadataUrls(HttpServletRequest request) {
		return byPath.values().stream().map(resource -> metadataUrl(resource, request)).sorted().toList();
	}

	/**
	 * RFC 9728 section 2: the resource as the request's connector serves it. Bearer
	 * tokens go in the header only, as Spring Security's resource server reads them, and
	 * may be bound to a client certificate (RFC 8705 section 3), which the resource then
	 * checks.
	 */
	Map<String, Object> metadata(Resource resource, HttpServletRequest request) {
		OAuth2ProtectedResourceMetadata.Builder metadata = OAuth2ProtectedResourceMetadata.builder()
			.resource(identifier(resource, request))
			.authorizationServer(issuer)
			.resourceName(resource.name())
			.bearerMethod("header")
			.tlsClientCertificateBoundAccessTokens(true);
		resource.scopes().forEach(metadata::scope);
		return metadata.build().getClaims();
	}

	private String identifier(Resource resource, HttpServletRequest request) {
		return endpoints.isMtlsRequest(request) ? endpoints.alias(resource.path())
				: UriComponentsBuilder.fromUriString(issuer).path(resource.path()).build().toUriString();
	}

	/**
	 * @param path the endpoint's path
	 * @param name its {@code resource_name}
	 * @param scopes the scopes its tokens may carry, for {@code scopes_supported}
	 */
	record Resource(String path, String name, List<String> scopes) {
	}

}
