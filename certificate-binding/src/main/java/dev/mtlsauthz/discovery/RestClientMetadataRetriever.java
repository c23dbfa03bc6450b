package dev.mtlsauthz.discovery;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Reads metadata documents with a Spring {@link RestClient} (and whichever JSON library
 * its converters find), for the Spring applications among
 * {@link AuthorizationServerMetadata}'s callers: the resource API and the client starter,
 * which both read the metadata on first use rather than at start.
 */
public final class RestClientMetadataRetriever implements AuthorizationServerMetadata.Retriever {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final RestClient rest;

	public RestClientMetadataRetriever(RestClient rest) {
		this.rest = rest;
	}

	/**
	 * The metadata of {@code issuer} (RFC 8414 section 3.1, else OpenID Connect
	 * Discovery), read with {@code rest}.
	 * @throws IllegalStateException when there is none, or it names another issuer: the
	 * caller's next request tries again
	 */
	public static AuthorizationServerMetadata discover(URI issuer, RestClient rest) {
		try {
			return AuthorizationServerMetadata.discover(issuer, new RestClientMetadataRetriever(rest));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading the metadata of issuer " + issuer, ex);
		}
	}

	@Override
	public Map<String, Object> retrieve(URI location) throws IOException {
		try {
			Map<String, Object> document = rest.get()
				.uri(location)
				.accept(MediaType.APPLICATION_JSON)
				.retrieve()
				.body(JSON_OBJECT);
			if (document == null) {
				throw new IOException("GET " + location + " answered no document");
			}
			return document;
		}
		catch (RestClientException ex) {
			throw new IOException("GET " + location + " failed: " + ex.getMessage(), ex);
		}
	}

}
