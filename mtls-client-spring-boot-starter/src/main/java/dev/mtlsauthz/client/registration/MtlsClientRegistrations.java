package dev.mtlsauthz.client.registration;

import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.SupplierClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import dev.mtlsauthz.discovery.AuthorizationServerMetadata;

/**
 * A Spring Security {@link ClientRegistration} built from the issuer's metadata the way
 * RFC 8705 section 5 asks: a client that authenticates with, or binds its tokens to, a
 * certificate calls the {@code mtls_endpoint_aliases}. Spring Security's own
 * {@code ClientRegistrations.fromIssuerLocation} takes the top-level
 * {@code token_endpoint}, where the issuer may not ask for a certificate and so issues
 * unbound tokens.
 */
public final class MtlsClientRegistrations {

	static final String TOKEN_ENDPOINT = "token_endpoint";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private MtlsClientRegistrations() {
	}

	/**
	 * A {@code client_credentials} registration whose token and userinfo URIs are the
	 * mTLS aliases (the top-level endpoints when the issuer has no alias for them). The
	 * authorization endpoint stays the top-level one: browsers never do mutual TLS, and
	 * no alias is published for it.
	 * @param clientSecret {@code null} for methods without a secret
	 */
	public static ClientRegistration of(String registrationId, String clientId, String clientSecret,
			ClientAuthenticationMethod method, Collection<String> scope, AuthorizationServerMetadata metadata) {
		URI tokenUri = metadata.mtlsEndpoint(TOKEN_ENDPOINT)
			.orElseThrow(() -> new IllegalStateException(
					"The metadata of issuer " + metadata.issuer() + " names no token_endpoint"));
		ClientRegistration.Builder registration = ClientRegistration.withRegistrationId(registrationId)
			.clientId(clientId)
			.clientSecret(clientSecret)
			.clientName(clientId)
			.clientAuthenticationMethod(method)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope(scope)
			.issuerUri(metadata.issuer())
			.tokenUri(tokenUri.toString())
			.providerConfigurationMetadata(metadata.claims());
		metadata.endpoint("jwks_uri").ifPresent(uri -> registration.jwkSetUri(uri.toString()));
		metadata.endpoint("authorization_endpoint").ifPresent(uri -> registration.authorizationUri(uri.toString()));
		metadata.mtlsEndpoint("userinfo_endpoint").ifPresent(uri -> registration.userInfoUri(uri.toString()));
		return registration.build();
	}

	/**
	 * A repository of the one registration {@code registration} builds, built on first
	 * use: the application starts while the issuer is down, and a failed discovery is
	 * tried again by the next token request.
	 */
	public static ClientRegistrationRepository lazily(Supplier<ClientRegistration> registration) {
		return new SupplierClientRegistrationRepository(
				() -> new InMemoryClientRegistrationRepository(registration.get()));
	}

	/**
	 * The issuer's metadata (RFC 8414 section 3.1, else OpenID Connect Discovery), read
	 * with {@code rest}.
	 * @throws IllegalStateException when there is none, or it names another issuer
	 */
	public static AuthorizationServerMetadata discover(URI issuer, RestClient rest) {
		try {
			return AuthorizationServerMetadata.discover(issuer, location -> retrieve(rest, location));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading the metadata of issuer " + issuer, ex);
		}
	}

	private static Map<String, Object> retrieve(RestClient rest, URI location) throws IOException {
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
