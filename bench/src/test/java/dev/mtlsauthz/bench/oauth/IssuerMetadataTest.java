package dev.mtlsauthz.bench.oauth;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IssuerMetadataTest {

	@Test
	void mtlsEndpointAliasesArePreferred() throws Exception {
		IssuerMetadata metadata = IssuerMetadata.parse("""
				{"issuer":"https://as.example","token_endpoint":"https://as.example/token",
				 "introspection_endpoint":"https://as.example/introspect",
				 "mtls_endpoint_aliases":{"token_endpoint":"https://mtls.as.example/token",
				   "introspection_endpoint":"https://mtls.as.example/introspect"}}""");

		assertThat(metadata.tokenEndpoint()).isEqualTo(URI.create("https://mtls.as.example/token"));
		assertThat(metadata.introspectionEndpoint()).isEqualTo(URI.create("https://mtls.as.example/introspect"));
		assertThat(metadata.aliased()).isTrue();
	}

	@Test
	void mainEndpointsAreUsedWithoutAliases() throws Exception {
		IssuerMetadata metadata = IssuerMetadata.parse("""
				{"issuer":"https://as.example","token_endpoint":"https://as.example/token"}""");

		assertThat(metadata.tokenEndpoint()).isEqualTo(URI.create("https://as.example/token"));
		assertThat(metadata.introspectionEndpoint()).isNull();
		assertThat(metadata.aliased()).isFalse();
	}

}
