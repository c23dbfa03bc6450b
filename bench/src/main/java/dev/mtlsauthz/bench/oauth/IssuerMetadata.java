package dev.mtlsauthz.bench.oauth;

import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

import dev.mtlsauthz.bench.http.Request;
import dev.mtlsauthz.bench.http.Response;
import dev.mtlsauthz.bench.http.Transport;

/**
 * The endpoints the benchmark calls, from the issuer's metadata (RFC 8414 section 3, or
 * OpenID Connect Discovery): the {@code mtls_endpoint_aliases} of RFC 8705 section 5
 * where the server advertises them, because only there does it ask for the client
 * certificate that tokens are bound to.
 *
 * @param issuer the issuer identifier the metadata names
 * @param tokenEndpoint the token endpoint for mutual-TLS clients
 * @param introspectionEndpoint the introspection endpoint for mutual-TLS clients;
 * {@code null} if there is none
 * @param aliased whether the server advertised {@code mtls_endpoint_aliases}
 */
public record IssuerMetadata(URI issuer, URI tokenEndpoint, URI introspectionEndpoint, boolean aliased) {

	private static final String[] WELL_KNOWN = { "/.well-known/oauth-authorization-server",
			"/.well-known/openid-configuration" };

	/** Reads the metadata of {@code issuer}, trying RFC 8414's well-known path first. */
	public static IssuerMetadata discover(URI issuer, Transport transport) throws IOException, InterruptedException {
		String base = issuer.toString().replaceAll("/$", "");
		Response last = null;
		for (String path : WELL_KNOWN) {
			last = transport
				.send(new Request("GET", URI.create(base + path), Map.of("Accept", "application/json"), null));
			if (last.status() == 200) {
				return parse(last.body());
			}
		}
		throw new IOException("No authorization server metadata at " + base + ": " + last.describe());
	}

	static IssuerMetadata parse(String json) throws IOException {
		try {
			Map<String, Object> metadata = JSONObjectUtils.parse(json);
			Map<String, Object> aliases = JSONObjectUtils.getJSONObject(metadata, "mtls_endpoint_aliases");
			URI token = endpoint(aliases, metadata, "token_endpoint");
			if (token == null) {
				throw new IOException("The metadata names no token_endpoint");
			}
			return new IssuerMetadata(JSONObjectUtils.getURI(metadata, "issuer"), token,
					endpoint(aliases, metadata, "introspection_endpoint"), aliases != null);
		}
		catch (ParseException ex) {
			throw new IOException("Malformed authorization server metadata: " + ex.getMessage(), ex);
		}
	}

	private static URI endpoint(Map<String, Object> aliases, Map<String, Object> metadata, String name)
			throws ParseException {
		if (aliases != null && aliases.get(name) != null) {
			return JSONObjectUtils.getURI(aliases, name);
		}
		return JSONObjectUtils.getURI(metadata, name);
	}
}
