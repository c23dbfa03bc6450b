package dev.mtlsauthz.client.registration;

import java.net.URI;
import java.util.Collection;
import java.util.function.Supplier;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.SupplierClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

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

}
