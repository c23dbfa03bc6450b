package dev.mtlsauthz.democlient;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationServerMetadataTest {

	@Test
	void wellKnownSuffixGoesBetweenHostAndIssuerPath() {
		assertThat(AuthorizationServerMetadata.location(URI.create("https://localhost:8443")))
			.isEqualTo(URI.create("https://localhost:8443/.well-known/oauth-authorization-server"));
		assertThat(AuthorizationServerMetadata.location(URI.create("https://as.example.com/tenant1")))
			.isEqualTo(URI.create("https://as.example.com/.well-known/oauth-authorization-server/tenant1"));
	}

	@Test
	void readsMtlsEndpointAliases() {
		AuthorizationServerMetadata metadata = AuthorizationServerMetadata
			.parse(Map.of("issuer", "https://localhost:8443", "introspection_endpoint",
					"https://localhost:8443/oauth2/introspect", "tls_client_certificate_bound_access_tokens", true,
					"mtls_endpoint_aliases", Map.of("token_endpoint", "https://localhost:8444/oauth2/token")));

		assertThat(metadata.mtlsTokenEndpoint()).isEqualTo(URI.create("https://localhost:8444/oauth2/token"));
		assertThat(metadata.introspectionEndpoint()).isEqualTo(URI.create("https://localhost:8443/oauth2/introspect"));
		assertThat(metadata.tlsClientCertificateBoundAccessTokens()).isEqualTo(true);
	}

}
