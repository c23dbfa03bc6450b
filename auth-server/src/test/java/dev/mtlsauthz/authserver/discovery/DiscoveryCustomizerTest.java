package dev.mtlsauthz.authserver.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.TestProperties;
import dev.mtlsauthz.authserver.mtls.MtlsEndpoints;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What discovery says about mutual TLS in each configuration (RFC 8705 section 5): it
 * must be true whether certificates arrive on the mTLS connector, through a trusted
 * proxy, or not at all; and the ID token algorithm it names is the one the keys use.
 */
class DiscoveryCustomizerTest {

	private static final AuthorizationServerSettings SETTINGS = AuthorizationServerSettings.builder()
		.issuer("https://as.example.com")
		.build();

	@Test
	void mtlsConnectorBindsAndAliasesAtTheIssuersHostWithItsPort() {
		Map<String, Object> metadata = metadata(true, null, false);

		assertThat(metadata).containsEntry("tls_client_certificate_bound_access_tokens", true)
			.containsEntry("mtls_endpoint_aliases",
					Map.of("token_endpoint", "https://as.example.com:8444/oauth2/token"));
		assertThat(metadata.get("token_endpoint_auth_methods_supported")).asList().contains("tls_client_auth");
	}

	@Test
	void behindAProxyThatAsksForCertificatesAtTheIssuersHostTokensAreBoundWithoutAliases() {
		Map<String, Object> metadata = metadata(false, null, true);

		assertThat(metadata).containsEntry("tls_client_certificate_bound_access_tokens", true)
			.doesNotContainKey("mtls_endpoint_aliases");
		assertThat(metadata.get("token_endpoint_auth_methods_supported")).asList()
			.contains("tls_client_auth", "self_signed_tls_client_auth");
	}

	@Test
	void behindAProxyWithItsOwnMtlsHostTheAliasesAreThatHosts() {
		Map<String, Object> metadata = metadata(false, URI.create("https://mtls.example.com"), true);

		assertThat(metadata).containsEntry("tls_client_certificate_bound_access_tokens", true)
			.containsEntry("mtls_endpoint_aliases", Map.of("token_endpoint", "https://mtls.example.com/oauth2/token"));
	}

	@Test
	void withoutConnectorOrProxyNoTokenIsBoundAndNoCertificateMethodIsOffered() {
		Map<String, Object> metadata = metadata(false, null, false);

		assertThat(metadata).containsEntry("tls_client_certificate_bound_access_tokens", false)
			.doesNotContainKey("mtls_endpoint_aliases");
		assertThat(metadata.get("token_endpoint_auth_methods_supported")).asList()
			.doesNotContain("tls_client_auth", "self_signed_tls_client_auth");
	}

	@Test
	void idTokensAreSaidToBeSignedWithTheConfiguredAlgorithm() {
		MtlsEndpoints endpoints = new MtlsEndpoints(properties(true, null), SETTINGS, false);
		OidcProviderConfiguration.Builder configuration = OidcProviderConfiguration.builder()
			.issuer("https://as.example.com")
			.authorizationEndpoint("https://as.example.com/oauth2/authorize")
			.tokenEndpoint("https://as.example.com/oauth2/token")
			.jwkSetUrl("https://as.example.com/oauth2/jwks")
			.responseType("code")
			.subjectType("public")
			.idTokenSigningAlgorithm("RS256");

		new DiscoveryCustomizer(endpoints, SETTINGS, () -> List.of("ES256")).customize(configuration);

		assertThat(configuration.build().getIdTokenSigningAlgorithms()).containsExactly("ES256");
	}

	private static AuthServerProperties properties(boolean connector, URI baseUrl) {
		return TestProperties.of(URI.create("https://as.example.com"),
				new AuthServerProperties.Mtls(connector, 8444, baseUrl, true, List.of(), Duration.ZERO, null), null);
	}

	private static Map<String, Object> metadata(boolean connector, URI baseUrl, boolean certificatesFromProxy) {
		MtlsEndpoints endpoints = new MtlsEndpoints(properties(connector, baseUrl), SETTINGS, certificatesFromProxy);
		Map<String, Object> metadata = new HashMap<>(Map.of("token_endpoint", "https://as.example.com/oauth2/token",
				"tls_client_certificate_bound_access_tokens", true));
		new DiscoveryCustomizer(endpoints, SETTINGS, () -> List.of("RS256")).customizeMtls(metadata);
		return metadata;
	}

}
