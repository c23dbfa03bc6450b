package dev.mtlsauthz.authserver.clients;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.clients.Registrar.initialAccessToken;
import static dev.mtlsauthz.authserver.clients.Registrar.registration;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynamic client registration (RFC 7591) with the RFC 8705 metadata, at the registration
 * endpoint and at its mTLS alias, with an initial access token from the seeded
 * {@code demo-registrar} (scope {@code client.create}). Registered clients authenticate
 * with their certificates right away and get bound tokens.
 */
class DynamicClientRegistrationTest extends AuthServerIntegrationTest {

	private static final String REGISTRATION = "/oauth2/register";

	@BeforeEach
	void registrar() {
		register(UserSession.seededClient("demo-registrar"));
	}

	@Test
	void tlsClientAuthClientRegistersThenAuthenticatesWithItsCertificateAndGetsABoundToken() {
		Response registered = registration(Tls.anonymous(), initialAccessToken(null, main("/oauth2/token")),
				Map.of("client_name", "Registered PKI service", "token_endpoint_auth_method", "tls_client_auth",
						"tls_client_auth_subject_dn", "CN=registered-service, O=mtls-authz test",
						"tls_client_certificate_bound_access_tokens", true, "grant_types",
						List.of("client_credentials"), "scope", "api.read"))
			.post(main(REGISTRATION));

		registered.then().statusCode(201);
		Map<String, Object> metadata = registered.jsonPath().getMap("");
		assertThat(metadata).containsEntry("token_endpoint_auth_method", "tls_client_auth")
			.containsEntry("tls_client_auth_subject_dn", "CN=registered-service, O=mtls-authz test")
			.containsEntry("tls_client_certificate_bound_access_tokens", true)
			.containsKey("client_id")
			.doesNotContainKey("client_secret");

		IssuedCertificate certificate = TestPki.issued(TestPki.fromCa("CN=registered-service, O=mtls-authz test"));
		Response token = clientCredentials(
				Tls.client(certificate).formParam("client_id", (String) metadata.get("client_id")),
				alias("/oauth2/token"));
		token.then().statusCode(200);
		assertThat(cnfThumbprint(claims(token.path("access_token")))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void selfSignedClientRegistersAtTheAliasWithInlineJwksAndAuthenticatesWithThatCertificate() throws Exception {
		IssuedCertificate registrarCertificate = TestPki.ephemeral();
		IssuedCertificate certificate = TestPki.ephemeral();
		Map<String, Object> jwks = new JWKSet(JWK.parse(certificate.certificate())).toJSONObject(true);

		Response registered = registration(Tls.client(registrarCertificate),
				initialAccessToken(registrarCertificate, alias("/oauth2/token")),
				Map.of("token_endpoint_auth_method", "self_signed_tls_client_auth", "jwks", jwks,
						"tls_client_certificate_bound_access_tokens", true, "grant_types",
						List.of("client_credentials"), "scope", "api.read api.write"))
			.post(alias(REGISTRATION));

		registered.then().statusCode(201);
		Map<String, Object> metadata = registered.jsonPath().getMap("");
		assertThat(metadata).containsEntry("token_endpoint_auth_method", "self_signed_tls_client_auth")
			.containsEntry("tls_client_certificate_bound_access_tokens", true)
			.containsKey("jwks");
		Response token = clientCredentials(
				Tls.client(certificate).formParam("client_id", (String) metadata.get("client_id")),
				alias("/oauth2/token"));
		token.then().statusCode(200);
		assertThat(cnfThumbprint(claims(token.path("access_token")))).isEqualTo(thumbprint(certificate));
		clientCredentials(Tls.client(TestPki.ephemeral()).formParam("client_id", (String) metadata.get("client_id")),
				alias("/oauth2/token"))
			.then()
			.statusCode(401);
	}

	@Test
	void publicDeviceClientRegistersThenStartsTheDeviceFlowWithItsClientIdAlone() {
		Response registered = registration(Tls.anonymous(), initialAccessToken(null, main("/oauth2/token")),
				Map.of("client_name", "Registered command-line tool", "token_endpoint_auth_method", "none",
						"grant_types", List.of("urn:ietf:params:oauth:grant-type:device_code"), "scope", "api.read"))
			.post(main(REGISTRATION));
		registered.then().statusCode(201);

		Response authorization = Tls.client(TestPki.ephemeral())
			.formParam("client_id", (String) registered.path("client_id"))
			.formParam("scope", "api.read")
			.post(alias("/oauth2/device_authorization"));

		authorization.then().statusCode(200);
		assertThat((String) authorization.path("device_code")).isNotBlank();
	}

	@Test
	void confidentialWebClientRegistrationReturnsItsSecret() {
		Response registered = registration(Tls.anonymous(), initialAccessToken(null, main("/oauth2/token")),
				Map.of("client_name", "Registered web app", "redirect_uris", List.of("https://app.example.com/cb"),
						"grant_types", List.of("authorization_code", "refresh_token"), "scope", "openid profile"))
			.post(main(REGISTRATION));

		registered.then().statusCode(201);
		assertThat(registered.jsonPath().getMap("")).containsEntry("token_endpoint_auth_method", "client_secret_basic")
			.containsKey("client_secret")
			.containsEntry("client_secret_expires_at", 0);
	}

	@Test
	void invalidMetadataIsInvalidClientMetadataNamingTheField() {
		String token = initialAccessToken(null, main("/oauth2/token"));
		Map<String, Object> service = Map.of("grant_types", List.of("client_credentials"), "scope", "api.read");

		assertInvalid(token, with(service, "token_endpoint_auth_method", "tls_client_auth"), "invalid_client_metadata",
				"tls_client_auth_subject_dn");
		assertInvalid(token,
				with(with(with(service, "token_endpoint_auth_method", "tls_client_auth"), "tls_client_auth_subject_dn",
						"CN=a"), "tls_client_auth_san_dns", "a.example.com"),
				"invalid_client_metadata", "tls_client_auth_san_dns");
		assertInvalid(token, with(service, "token_endpoint_auth_method", "self_signed_tls_client_auth"),
				"invalid_client_metadata", "jwks");
		assertInvalid(token, with(with(service, "token_endpoint_auth_method", "self_signed_tls_client_auth"), "jwks",
				Map.of("keys", "not-a-list")), "invalid_client_metadata", "jwks");
		assertInvalid(token, with(service, "token_endpoint_auth_method", "magic"), "invalid_client_metadata",
				"token_endpoint_auth_method");
		assertInvalid(token, with(service, "tls_client_certificate_bound_access_tokens", "yes"),
				"invalid_client_metadata", "tls_client_certificate_bound_access_tokens");
		assertInvalid(token, with(service, "scope", "admin"), "invalid_client_metadata", "scope");
		assertInvalid(token, with(service, "jwks_certificate_file", "/etc/passwd"), "invalid_client_metadata",
				"jwks_certificate_file");
		assertInvalid(token, Map.of("grant_types", List.of("authorization_code")), "invalid_redirect_uri",
				"redirect_uris");
	}

	@Test
	void initialAccessTokenIsRequiredAndWorksOnce() {
		Map<String, Object> metadata = Map.of("token_endpoint_auth_method", "none", "grant_types",
				List.of("authorization_code"), "redirect_uris", List.of("http://127.0.0.1/callback"));
		Tls.anonymous().contentType(ContentType.JSON).body(metadata).post(main(REGISTRATION)).then().statusCode(401);

		String token = initialAccessToken(null, main("/oauth2/token"));
		registration(Tls.anonymous(), token, metadata).post(main(REGISTRATION)).then().statusCode(201);
		Response again = registration(Tls.anonymous(), token, metadata).post(main(REGISTRATION));
		again.then().statusCode(401);
		assertThat((String) again.path("error")).isEqualTo("invalid_token");
	}

	@Test
	void discoveryAdvertisesTheRegistrationEndpointAndItsAlias() {
		for (String document : List.of("/.well-known/oauth-authorization-server",
				"/.well-known/openid-configuration")) {
			Map<String, Object> metadata = Tls.anonymous()
				.get(main(document))
				.then()
				.statusCode(200)
				.extract()
				.jsonPath()
				.getMap("");
			assertThat(metadata).as(document).containsEntry("registration_endpoint", main(REGISTRATION));
			assertThat(metadata.get("mtls_endpoint_aliases")).as(document)
				.extracting(aliases -> ((Map<?, ?>) aliases).get("registration_endpoint"))
				.isEqualTo(alias(REGISTRATION));
		}
	}

	private static void assertInvalid(String token, Map<String, Object> metadata, String error, String field) {
		Response response = registration(Tls.anonymous(), token, metadata).post(main(REGISTRATION));
		response.then().statusCode(400);
		assertThat((String) response.path("error")).as(metadata.toString()).isEqualTo(error);
		assertThat((String) response.path("error_description")).as(metadata.toString()).contains(field);
	}

	private static Map<String, Object> with(Map<String, Object> metadata, String name, Object value) {
		Map<String, Object> copy = new HashMap<>(metadata);
		copy.put(name, value);
		return copy;
	}

}
