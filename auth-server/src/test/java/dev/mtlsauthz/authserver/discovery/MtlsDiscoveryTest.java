package dev.mtlsauthz.authserver.discovery;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 8705 section 5 and RFC 8414: what both metadata documents say about mutual TLS
 * (checklist 1-4).
 */
class MtlsDiscoveryTest extends AuthServerIntegrationTest {

	@ParameterizedTest
	@ValueSource(strings = { "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server" })
	void advertisesCertificateBoundAccessTokensAsJsonTrue(String document) {
		Map<String, Object> metadata = metadata(document);

		assertThat(metadata.get("tls_client_certificate_bound_access_tokens")).isEqualTo(Boolean.TRUE);
		assertThat(metadata.get("issuer")).isEqualTo(issuer());
	}

	@ParameterizedTest
	@ValueSource(strings = { "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server" })
	void listsTheMtlsAuthenticationMethodsForEveryEndpointThatAuthenticatesClients(String document) {
		Map<String, Object> metadata = metadata(document);

		assertThat(metadata.get("token_endpoint_auth_methods_supported")).asList()
			.contains("tls_client_auth", "self_signed_tls_client_auth", "client_secret_basic", "client_secret_post",
					"client_secret_jwt", "private_key_jwt", "none");
		assertThat(metadata.get("introspection_endpoint_auth_methods_supported")).asList()
			.contains("tls_client_auth", "self_signed_tls_client_auth")
			.doesNotContain("none");
		assertThat(metadata.get("revocation_endpoint_auth_methods_supported")).asList()
			.contains("tls_client_auth", "self_signed_tls_client_auth")
			.doesNotContain("none");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server" })
	@SuppressWarnings("unchecked")
	void aliasesEveryDirectlyCalledEndpointAtTheMtlsConnectorAndNeverTheAuthorizationEndpoint(String document) {
		Map<String, Object> metadata = metadata(document);
		Map<String, Object> aliases = (Map<String, Object>) metadata.get("mtls_endpoint_aliases");

		assertThat(aliases)
			.containsKeys("token_endpoint", "introspection_endpoint", "revocation_endpoint",
					"device_authorization_endpoint", "pushed_authorization_request_endpoint")
			.doesNotContainKey("authorization_endpoint");
		aliases.forEach((name, alias) -> {
			assertThat(name).endsWith("_endpoint");
			assertThat(metadata).containsKey(name);
			URI aliasUri = URI.create((String) alias);
			URI mainUri = URI.create((String) metadata.get(name));
			assertThat(aliasUri.getScheme()).isEqualTo("https");
			assertThat(aliasUri.getPort()).isEqualTo(MTLS_PORT);
			assertThat(aliasUri.getPath()).isEqualTo(mainUri.getPath());
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "/.well-known/openid-configuration" })
	@SuppressWarnings("unchecked")
	void aliasesUserinfoInTheOpenIdDocument(String document) {
		Map<String, Object> aliases = (Map<String, Object>) metadata(document).get("mtls_endpoint_aliases");

		assertThat(aliases.get("userinfo_endpoint")).isEqualTo(alias("/userinfo"));
	}

	private static Map<String, Object> metadata(String document) {
		return Tls.anonymous().get(main(document)).then().statusCode(200).extract().jsonPath().getMap("$");
	}

}
