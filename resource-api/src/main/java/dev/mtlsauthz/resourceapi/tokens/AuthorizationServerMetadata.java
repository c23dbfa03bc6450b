package dev.mtlsauthz.resourceapi.tokens;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the API needs from the issuer's metadata (RFC 8414 section 2, OpenID Connect
 * Discovery 1.0): its JWK Set, and its introspection endpoint, preferring the mTLS alias
 * (RFC 8705 section 5), the one the authorization server designates for clients that talk
 * mTLS to it.
 *
 * @param issuer the {@code issuer} the metadata declares, checked against the configured
 * one
 * @param jwksUri {@code jwks_uri}
 * @param introspectionEndpoint {@code mtls_endpoint_aliases.introspection_endpoint}, else
 * {@code introspection_endpoint}; {@code null} when the issuer offers neither
 */
public record AuthorizationServerMetadata(String issuer, URI jwksUri, URI introspectionEndpoint) {

	private static final List<String> WELL_KNOWN_PATHS = List.of("/.well-known/openid-configuration",
			"/.well-known/oauth-authorization-server");

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	/**
	 * Reads the metadata of {@code issuer}: OpenID Connect Discovery's location first,
	 * then RFC 8414's.
	 * @throws IllegalStateException when neither answers or the metadata names another
	 * issuer (RFC 8414 section 3.3: the metadata must not be used then)
	 */
	public static AuthorizationServerMetadata discover(URI issuer, RestOperations rest) {
		RestClientException lastFailure = null;
		for (String path : WELL_KNOWN_PATHS) {
			URI location = UriComponentsBuilder.fromUri(issuer).path(path).build().toUri();
			try {
				Map<String, Object> metadata = rest.exchange(location, HttpMethod.GET, null, JSON_OBJECT).getBody();
				if (metadata != null) {
					return of(issuer, metadata);
				}
			}
			catch (RestClientException ex) {
				lastFailure = ex;
			}
		}
		throw new IllegalStateException("Cannot read the metadata of issuer " + issuer, lastFailure);
	}

	static AuthorizationServerMetadata of(URI expectedIssuer, Map<String, Object> metadata) {
		if (!expectedIssuer.toString().equals(metadata.get("issuer"))) {
			throw new IllegalStateException(
					"The metadata found at " + expectedIssuer + " declares issuer " + metadata.get("issuer"));
		}
		Object jwksUri = metadata.get("jwks_uri");
		if (jwksUri == null) {
			throw new IllegalStateException("The metadata of issuer " + expectedIssuer + " has no jwks_uri");
		}
		Object introspection = metadata.get("introspection_endpoint");
		if (metadata.get("mtls_endpoint_aliases") instanceof Map<?, ?> aliases
				&& aliases.get("introspection_endpoint") != null) {
			introspection = aliases.get("introspection_endpoint");
		}
		return new AuthorizationServerMetadata(expectedIssuer.toString(), URI.create(jwksUri.toString()),
				introspection != null ? URI.create(introspection.toString()) : null);
	}
}
