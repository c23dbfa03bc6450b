package dev.mtlsauthz.discovery;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An authorization server's metadata as its clients and resource servers read it: the
 * document of RFC 8414 section 2 (or OpenID Connect Discovery 1.0 section 3, its
 * superset), with the {@code mtls_endpoint_aliases} of RFC 8705 section 5. The
 * {@link #discover} method finds and checks it; {@link #mtlsEndpoint} picks the alias an
 * mTLS client must use.
 * <p>
 * It needs only the JDK: the resource API, the demo client and the load generator read
 * metadata with it, each fetching and parsing JSON with the HTTP client and parser it
 * already has ({@link Retriever}). Spring Security's own issuer lookup
 * ({@code JwtDecoders.fromIssuerLocation}) finds the JWK Set only and keeps the document
 * to itself, so it cannot tell the resource API its introspection alias.
 */
public final class AuthorizationServerMetadata {

	/** RFC 8414 section 3: the well-known URI suffix of authorization server metadata. */
	public static final String OAUTH_AUTHORIZATION_SERVER = "/.well-known/oauth-authorization-server";

	/**
	 * OpenID Connect Discovery 1.0 section 4: the suffix of the provider configuration.
	 */
	public static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";

	/** RFC 8705 section 5. */
	public static final String MTLS_ENDPOINT_ALIASES = "mtls_endpoint_aliases";

	/** RFC 8705 section 3.3. */
	public static final String TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS = "tls_client_certificate_bound_access_tokens";

	private final URI location;

	private final Map<String, Object> claims;

	private AuthorizationServerMetadata(URI location, Map<String, Object> claims) {
		this.location = location;
		this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
	}

	/**
	 * Where the metadata of {@code issuer} may be, in the order to try them: RFC 8414
	 * section 3.1, which inserts its suffix between the host and the issuer's path
	 * ({@code https://as.example/.well-known/oauth-authorization-server/tenant}), then
	 * OpenID Connect Discovery 1.0 section 4.1, which appends its suffix to the whole
	 * issuer ({@code https://as.example/tenant/.well-known/openid-configuration}). Both
	 * drop a terminating {@code /} of the path first; for an issuer without a path both
	 * end at the host.
	 */
	public static List<URI> locations(URI issuer) {
		String path = issuer.getRawPath() == null ? "" : issuer.getRawPath().replaceAll("/+$", "");
		String origin = issuer.getScheme() + "://" + issuer.getRawAuthority();
		return List.of(URI.create(origin + OAUTH_AUTHORIZATION_SERVER + path),
				URI.create(origin + path + OPENID_CONFIGURATION));
	}

	/**
	 * Reads the metadata of {@code issuer} from the first of its {@link #locations} that
	 * answers, and checks that it is the issuer's own (RFC 8414 section 3.3: the
	 * {@code issuer} it declares must be identical to the one it was looked up for).
	 * @throws IOException when no location answers with a document, naming why each did
	 * not, or when the document declares another issuer
	 */
	public static AuthorizationServerMetadata discover(URI issuer, Retriever retriever)
			throws IOException, InterruptedException {
		List<String> failures = new ArrayList<>();
		IOException lastFailure = null;
		for (URI location : locations(issuer)) {
			try {
				return of(issuer, location, retriever.retrieve(location));
			}
			catch (MetadataOfAnotherIssuerException ex) {
				throw ex;
			}
			catch (IOException ex) {
				failures.add(ex.getMessage());
				lastFailure = ex;
			}
		}
		throw new IOException(
				"No authorization server metadata for issuer " + issuer + ": " + String.join("; ", failures),
				lastFailure);
	}

	/**
	 * The metadata document read at {@code location} for {@code issuer}.
	 * @throws IOException when it declares another issuer (RFC 8414 section 3.3)
	 */
	public static AuthorizationServerMetadata of(URI issuer, URI location, Map<String, Object> claims)
			throws IOException {
		if (!issuer.toString().equals(claims.get("issuer"))) {
			throw new MetadataOfAnotherIssuerException("The metadata at " + location + " names issuer "
					+ claims.get("issuer") + ", not " + issuer + " (RFC 8414 section 3.3)");
		}
		return new AuthorizationServerMetadata(location, claims);
	}

	/** Where this document was read. */
	public URI location() {
		return location;
	}

	/**
	 * {@code issuer}, identical to the issuer it was looked up for, and to the
	 * {@code iss} of the tokens it issues.
	 */
	public String issuer() {
		return String.valueOf(claims.get("issuer"));
	}

	/**
	 * A top-level endpoint such as {@code jwks_uri} or {@code introspection_endpoint}.
	 */
	public Optional<URI> endpoint(String name) {
		return uri(claims.get(name));
	}

	/**
	 * The endpoint a client that authenticates with, or binds its tokens to, a client
	 * certificate must call: its alias in {@code mtls_endpoint_aliases} when there is
	 * one, else the top-level endpoint (RFC 8705 section 5).
	 */
	public Optional<URI> mtlsEndpoint(String name) {
		return uri(mtlsEndpointAliases().get(name)).or(() -> endpoint(name));
	}

	/** {@code mtls_endpoint_aliases}, empty when the server advertises none. */
	public Map<String, URI> mtlsEndpointAliases() {
		Map<String, URI> aliases = new LinkedHashMap<>();
		if (claims.get(MTLS_ENDPOINT_ALIASES) instanceof Map<?, ?> members) {
			members.forEach((name, value) -> uri(value).ifPresent(alias -> aliases.put(String.valueOf(name), alias)));
		}
		return aliases;
	}

	/** Every member of the document as it was parsed. */
	public Map<String, Object> claims() {
		return claims;
	}

	/** A member of the document as it was parsed, or {@code null}. */
	public Object claim(String name) {
		return claims.get(name);
	}

	private static Optional<URI> uri(Object value) {
		return value == null ? Optional.empty() : Optional.of(URI.create(String.valueOf(value)));
	}

	/**
	 * Fetches the JSON object at a location with the caller's own HTTP client and JSON
	 * parser.
	 */
	@FunctionalInterface
	public interface Retriever {

		/**
		 * @return the document's members
		 * @throws IOException when there is no document at {@code location} (any status
		 * but 200, or a body that is not a JSON object), saying what was there instead
		 */
		Map<String, Object> retrieve(URI location) throws IOException, InterruptedException;

	}

	/** The metadata is another issuer's: trying another location would not help. */
	private static final class MetadataOfAnotherIssuerException extends IOException {

		MetadataOfAnotherIssuerException(String message) {
			super(message);
		}

	}

}
