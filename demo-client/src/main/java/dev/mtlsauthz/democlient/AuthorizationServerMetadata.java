package dev.mtlsauthz.democlient;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of the authorization server metadata (RFC 8414) the demo uses, including
 * {@code mtls_endpoint_aliases} and {@code tls_client_certificate_bound_access_tokens}
 * (RFC 8705 section 5).
 */
record AuthorizationServerMetadata(String issuer, URI introspectionEndpoint, Map<String, URI> mtlsEndpointAliases,
		Object tlsClientCertificateBoundAccessTokens) {

	static final String TOKEN_ENDPOINT = "token_endpoint";

	/**
	 * Where the metadata of {@code issuer} lives (RFC 8414 section 3.1): the well-known
	 * suffix goes between the host and the issuer's path.
	 */
	static URI location(URI issuer) {
		String path = issuer.getPath() == null ? "" : issuer.getPath();
		return URI.create(issuer.getScheme() + "://" + issuer.getRawAuthority()
				+ "/.well-known/oauth-authorization-server" + path);
	}

	static AuthorizationServerMetadata parse(Map<String, Object> json) {
		Map<String, URI> aliases = new LinkedHashMap<>();
		if (json.get("mtls_endpoint_aliases") instanceof Map<?, ?> members) {
			members.forEach((name, value) -> aliases.put(String.valueOf(name), URI.create(String.valueOf(value))));
		}
		Object introspection = json.get("introspection_endpoint");
		return new AuthorizationServerMetadata(String.valueOf(json.get("issuer")),
				introspection == null ? null : URI.create(String.valueOf(introspection)), aliases,
				json.get("tls_client_certificate_bound_access_tokens"));
	}

	URI mtlsTokenEndpoint() {
		return mtlsEndpointAliases.get(TOKEN_ENDPOINT);
	}
}
