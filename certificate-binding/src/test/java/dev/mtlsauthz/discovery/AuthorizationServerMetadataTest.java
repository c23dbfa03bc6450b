package dev.mtlsauthz.discovery;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class AuthorizationServerMetadataTest {

	@Test
	void wellKnownSuffixGoesBetweenHostAndPathForRfc8414AndAfterThePathForOpenIdConnect() {
		assertThat(AuthorizationServerMetadata.locations(URI.create("https://localhost:8443"))).containsExactly(
				URI.create("https://localhost:8443/.well-known/oauth-authorization-server"),
				URI.create("https://localhost:8443/.well-known/openid-configuration"));
		assertThat(AuthorizationServerMetadata.locations(URI.create("https://as.example.com/tenant1"))).containsExactly(
				URI.create("https://as.example.com/.well-known/oauth-authorization-server/tenant1"),
				URI.create("https://as.example.com/tenant1/.well-known/openid-configuration"));
		assertThat(AuthorizationServerMetadata.locations(URI.create("https://as.example.com/tenant1/")))
			.isEqualTo(AuthorizationServerMetadata.locations(URI.create("https://as.example.com/tenant1")));
	}

	@Test
	void issuerWithAPathIsDiscoveredAtTheRfc8414LocationAndKeepsItsPath() throws Exception {
		URI issuer = URI.create("https://as.example.com/realms/demo");
		List<URI> asked = new ArrayList<>();

		AuthorizationServerMetadata metadata = AuthorizationServerMetadata.discover(issuer, location -> {
			asked.add(location);
			return Map.of("issuer", "https://as.example.com/realms/demo", "jwks_uri",
					"https://as.example.com/realms/demo/jwks");
		});

		assertThat(asked)
			.containsExactly(URI.create("https://as.example.com/.well-known/oauth-authorization-server/realms/demo"));
		assertThat(metadata.issuer()).isEqualTo("https://as.example.com/realms/demo");
		assertThat(metadata.endpoint("jwks_uri")).contains(URI.create("https://as.example.com/realms/demo/jwks"));
	}

	@Test
	void openIdConnectLocationIsTriedWhenRfc8414HasNoDocument() throws Exception {
		URI issuer = URI.create("https://as.example.com/realms/demo");

		AuthorizationServerMetadata metadata = AuthorizationServerMetadata.discover(issuer, location -> {
			if (location.getPath().startsWith("/.well-known/")) {
				throw new IOException("GET " + location + " answered 404");
			}
			return Map.of("issuer", issuer.toString());
		});

		assertThat(metadata.location())
			.isEqualTo(URI.create("https://as.example.com/realms/demo/.well-known/openid-configuration"));
	}

	@Test
	void noDocumentAtEitherLocationSaysWhatEachAnswered() {
		assertThatIOException()
			.isThrownBy(() -> AuthorizationServerMetadata.discover(URI.create("https://as.example"), location -> {
				throw new IOException("GET " + location + " answered 404");
			}))
			.withMessageContaining("/.well-known/oauth-authorization-server answered 404")
			.withMessageContaining("/.well-known/openid-configuration answered 404");
	}

	@Test
	void metadataOfAnotherIssuerIsRefusedWithoutTryingFurther() {
		List<URI> asked = new ArrayList<>();

		assertThatIOException()
			.isThrownBy(() -> AuthorizationServerMetadata.discover(URI.create("https://as.example"), location -> {
				asked.add(location);
				return Map.of("issuer", "https://evil.example");
			}))
			.withMessageContaining("names issuer https://evil.example, not https://as.example")
			.withMessageContaining("RFC 8414 section 3.3");
		assertThat(asked).hasSize(1);
	}

	@Test
	void mtlsEndpointAliasesArePreferredForMutualTlsClients() throws Exception {
		AuthorizationServerMetadata metadata = metadata(Map.of("issuer", "https://as.example", "token_endpoint",
				"https://as.example/token", "introspection_endpoint", "https://as.example/introspect",
				"tls_client_certificate_bound_access_tokens", true, "mtls_endpoint_aliases",
				Map.of("token_endpoint", "https://mtls.as.example/token", "introspection_endpoint",
						"https://mtls.as.example/introspect")));

		assertThat(metadata.mtlsEndpoint("token_endpoint")).contains(URI.create("https://mtls.as.example/token"));
		assertThat(metadata.mtlsEndpoint("introspection_endpoint"))
			.contains(URI.create("https://mtls.as.example/introspect"));
		assertThat(metadata.endpoint("introspection_endpoint")).contains(URI.create("https://as.example/introspect"));
		assertThat(metadata.mtlsEndpoint("revocation_endpoint")).isEmpty();
		assertThat(metadata.mtlsEndpointAliases()).containsOnlyKeys("token_endpoint", "introspection_endpoint");
		assertThat(metadata.claim(AuthorizationServerMetadata.TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS))
			.isEqualTo(true);
	}

	@Test
	void withoutAliasesTheMainEndpointsServeMutualTlsClients() throws Exception {
		AuthorizationServerMetadata metadata = metadata(
				Map.of("issuer", "https://as.example", "token_endpoint", "https://as.example/token"));

		assertThat(metadata.mtlsEndpoint("token_endpoint")).contains(URI.create("https://as.example/token"));
		assertThat(metadata.mtlsEndpoint("introspection_endpoint")).isEmpty();
		assertThat(metadata.mtlsEndpointAliases()).isEmpty();
		assertThat(metadata.claim(AuthorizationServerMetadata.TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS)).isNull();
	}

	private static AuthorizationServerMetadata metadata(Map<String, Object> claims) throws IOException {
		return AuthorizationServerMetadata.of(URI.create("https://as.example"),
				URI.create("https://as.example/.well-known/oauth-authorization-server"), claims);
	}

}
