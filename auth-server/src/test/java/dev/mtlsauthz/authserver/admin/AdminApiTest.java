package dev.mtlsauthz.authserver.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.audit.AuditEvents;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.Pem;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The admin API over real TLS at the mTLS connector, with access tokens of this server
 * bound to the admin client's certificate; refused with an unbound token, with another
 * certificate, without the admin scope. Client metadata is refused exactly as at
 * registration.
 */
class AdminApiTest extends AuthServerIntegrationTest {

	private static final String ADMIN_SUBJECT = "CN=admin-api-test, O=mtls-authz test";

	private static final IssuedCertificate ADMIN_CERTIFICATE = TestPki.issued(TestPki.fromCa(ADMIN_SUBJECT));

	private static final String SCOPE = "mtlsauthz.admin";

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void registerAdminClients() {
		register(Map.of("client_id", "admin-api-test", "token_endpoint_auth_method", "tls_client_auth",
				"tls_client_auth_subject_dn", ADMIN_SUBJECT, "tls_client_certificate_bound_access_tokens", true,
				"grant_types", List.of("client_credentials"), "scope", SCOPE + " api.read"));
		register(Map.of("client_id", "admin-secret-test", "client_secret", "admin-secret-test-secret",
				"token_endpoint_auth_method", "client_secret_basic", "grant_types", List.of("client_credentials"),
				"scope", SCOPE));
	}

	@Test
	void boundAdminTokenCreatesReadsListsDisablesEnablesAndDeletesAClient() {
		String clientSubject = "CN=created-by-admin, O=mtls-authz test";
		Response created = admin().contentType(ContentType.JSON)
			.body(Map.of("client_name", "Created by the admin API", "token_endpoint_auth_method", "tls_client_auth",
					"tls_client_auth_subject_dn", clientSubject, "tls_client_certificate_bound_access_tokens", true,
					"grant_types", List.of("client_credentials"), "scope", "api.read"))
			.post(alias("/admin/api/clients"));
		created.then().statusCode(201);
		String clientId = created.path("client_id");
		assertThat((String) created.path("source")).isEqualTo("admin");
		assertThat((Boolean) created.path("enabled")).isTrue();
		assertThat((String) created.path("tls_client_auth_subject_dn")).isEqualTo(clientSubject);
		assertThat((Object) created.path("client_secret")).isNull();

		admin().get(alias("/admin/api/clients/" + clientId))
			.then()
			.statusCode(200)
			.body("client_name", equalTo("Created by the admin API"));
		List<String> listed = admin().queryParam("search", "CREATED BY THE ADMIN")
			.get(alias("/admin/api/clients"))
			.then()
			.statusCode(200)
			.extract()
			.path("items.client_id");
		assertThat(listed).containsExactly(clientId);

		IssuedCertificate clientCertificate = TestPki.issued(TestPki.fromCa(clientSubject));
		tokenRequest(clientCertificate, clientId, "api.read").then().statusCode(200);
		admin().post(alias("/admin/api/clients/" + clientId + "/disable"))
			.then()
			.statusCode(200)
			.body("enabled", equalTo(false));
		tokenRequest(clientCertificate, clientId, "api.read").then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"));
		admin().post(alias("/admin/api/clients/" + clientId + "/enable")).then().statusCode(200);
		tokenRequest(clientCertificate, clientId, "api.read").then().statusCode(200);

		admin().delete(alias("/admin/api/clients/" + clientId)).then().statusCode(204);
		admin().get(alias("/admin/api/clients/" + clientId)).then().statusCode(404).body("error", equalTo("not_found"));

		List<Map<String, Object>> changes = admin().queryParam("type", AuditEvents.ADMIN_CHANGE)
			.queryParam("user", "admin-api-test")
			.queryParam("from", Instant.now().minusSeconds(60).toString())
			.get(alias("/admin/api/events"))
			.then()
			.statusCode(200)
			.extract()
			.path("events.data");
		assertThat(changes).filteredOn(data -> clientId.equals(data.get("target")))
			.extracting(data -> data.get("action"))
			.containsExactly("client.delete", "client.enable", "client.disable", "client.create");
	}

	@Test
	void clientMetadataIsRefusedAsRegistrationRefusesIt() {
		admin().contentType(ContentType.JSON)
			.body(Map.of("token_endpoint_auth_method", "tls_client_auth", "grant_types", List.of("client_credentials")))
			.post(alias("/admin/api/clients"))
			.then()
			.statusCode(400)
			.contentType(ContentType.JSON)
			.body("error", equalTo("invalid_client_metadata"))
			.body("error_description", startsWith("tls_client_auth"));
		admin().contentType(ContentType.JSON)
			.body(Map.of("token_endpoint_auth_method", "client_secret_basic", "grant_types",
					List.of("client_credentials"), "scope", "api.read", "introspection_allowed", true))
			.post(alias("/admin/api/clients"))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_client_metadata"))
			.body("error_description", startsWith("introspection_allowed"));
		admin().contentType(ContentType.JSON)
			.body(Map.of("redirect_uris", List.of("https://client.example/cb#fragment")))
			.post(alias("/admin/api/clients"))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_redirect_uri"));
		admin().contentType(ContentType.JSON)
			.body("{\"client_name\": ")
			.post(alias("/admin/api/clients"))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_request"));
	}

	@Test
	void rotatedSecretIsShownOnceAndReplacesTheOldOne() {
		Response created = admin().contentType(ContentType.JSON)
			.body(Map.of("token_endpoint_auth_method", "client_secret_basic", "grant_types",
					List.of("client_credentials"), "scope", "api.read"))
			.post(alias("/admin/api/clients"));
		created.then().statusCode(201);
		String clientId = created.path("client_id");
		String first = created.path("client_secret");
		clientCredentials(basic(Tls.anonymous(), clientId, first), main("/oauth2/token")).then().statusCode(200);

		String second = admin().post(alias("/admin/api/clients/" + clientId + "/secret"))
			.then()
			.statusCode(200)
			.extract()
			.path("client_secret");

		assertThat(second).isNotBlank().isNotEqualTo(first);
		assertThat((Object) admin().get(alias("/admin/api/clients/" + clientId)).path("client_secret")).isNull();
		clientCredentials(basic(Tls.anonymous(), clientId, first), main("/oauth2/token")).then().statusCode(401);
		clientCredentials(basic(Tls.anonymous(), clientId, second), main("/oauth2/token")).then().statusCode(200);
	}

	@Test
	void aRegisteredCertificateAuthenticatesASelfSignedClient() {
		IssuedCertificate first = TestPki.ephemeral();
		Response created = admin().contentType(ContentType.JSON)
			.body(Map.of("token_endpoint_auth_method", "self_signed_tls_client_auth", "jwks",
					Map.of("keys", List.of(jwk(first))), "grant_types", List.of("client_credentials"), "scope",
					"api.read"))
			.post(alias("/admin/api/clients"));
		created.then().statusCode(201);
		String clientId = created.path("client_id");
		IssuedCertificate second = TestPki.ephemeral();
		tokenRequest(second, clientId, "api.read").then().statusCode(401);

		admin().contentType(ContentType.JSON)
			.body(Map.of("certificate", Pem.encode(second.certificate())))
			.post(alias("/admin/api/clients/" + clientId + "/certificates"))
			.then()
			.statusCode(200)
			.body("jwks.keys.size()", equalTo(2));

		tokenRequest(second, clientId, "api.read").then().statusCode(200);
		tokenRequest(first, clientId, "api.read").then().statusCode(200);
		admin().contentType(ContentType.JSON)
			.body(Map.of("certificate", "not a certificate"))
			.post(alias("/admin/api/clients/" + clientId + "/certificates"))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_request"));
	}

	@Test
	void seededClientsAreShownAsSeededAndChangedOnlyInTheFile() {
		admin().get(alias("/admin/api/clients/secret-client")).then().statusCode(200).body("source", equalTo("seed"));
		admin().contentType(ContentType.JSON)
			.body(Map.of("client_name", "renamed"))
			.put(alias("/admin/api/clients/secret-client"))
			.then()
			.statusCode(409)
			.body("error_description", containsString("seed file"));
		admin().delete(alias("/admin/api/clients/secret-client")).then().statusCode(409);
	}

	@Test
	void updateReplacesTheMetadataAsRfc7592Does() {
		Response created = admin().contentType(ContentType.JSON)
			.body(Map.of("client_name", "before", "token_endpoint_auth_method", "private_key_jwt", "jwks_uri",
					"https://127.0.0.2:1/jwks", "grant_types", List.of("client_credentials"), "scope", "api.read"))
			.post(alias("/admin/api/clients"));
		created.then().statusCode(201);
		String clientId = created.path("client_id");

		admin().contentType(ContentType.JSON)
			.body(Map.of("client_name", "after", "token_endpoint_auth_method", "private_key_jwt", "jwks_uri",
					"https://127.0.0.2:1/jwks", "grant_types", List.of("client_credentials")))
			.put(alias("/admin/api/clients/" + clientId))
			.then()
			.statusCode(200)
			.body("client_name", equalTo("after"))
			.body("scope", nullValue());
		admin().contentType(ContentType.JSON)
			.body(Map.of("token_endpoint_auth_method", "private_key_jwt", "jwks_uri", "https://127.0.0.1/jwks",
					"grant_types", List.of("client_credentials")))
			.put(alias("/admin/api/clients/" + clientId))
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_client_metadata"))
			.body("error_description", startsWith("jwks_uri"));
	}

	@Test
	void usersAreCreatedChangedDisabledAndDeletedAndTheirGrantsRevoked() {
		admin().contentType(ContentType.JSON)
			.body(Map.of("username", "carol", "password", "carol-password-1", "profile",
					Map.of("name", "Carol Example", "email", "carol@example.com", "email_verified", true)))
			.post(alias("/admin/api/users"))
			.then()
			.statusCode(201)
			.body("profile.name", equalTo("Carol Example"))
			.body("roles", contains("USER"));
		admin().contentType(ContentType.JSON)
			.body(Map.of("username", "carol", "password", "carol-password-1"))
			.post(alias("/admin/api/users"))
			.then()
			.statusCode(409);
		admin().contentType(ContentType.JSON)
			.body(Map.of("username", "dave", "password", "short"))
			.post(alias("/admin/api/users"))
			.then()
			.statusCode(400)
			.body("error_description", startsWith("password"));
		admin().contentType(ContentType.JSON)
			.body(Map.of("name", "Carol Changed", "locale", "fr-FR"))
			.put(alias("/admin/api/users/carol/profile"))
			.then()
			.statusCode(200)
			.body("profile.name", equalTo("Carol Changed"))
			.body("profile.email", nullValue());
		admin().contentType(ContentType.JSON)
			.body(Map.of("password", "carol-password-2"))
			.put(alias("/admin/api/users/carol/password"))
			.then()
			.statusCode(204);
		assertThat(jdbc.queryForObject("SELECT password FROM users WHERE username = 'carol'", String.class))
			.startsWith("{bcrypt}");

		jdbc.update("INSERT INTO oauth2_authorization_consent (registered_client_id, principal_name, authorities) "
				+ "VALUES ('secret-client', 'carol', 'SCOPE_openid,SCOPE_api.read')");
		List<Map<String, Object>> grants = admin().get(alias("/admin/api/users/carol/grants"))
			.then()
			.statusCode(200)
			.extract()
			.path("");
		assertThat(grants).singleElement()
			.satisfies(grant -> assertThat(grant).containsEntry("clientId", "secret-client")
				.containsEntry("scopes", List.of("api.read", "openid")));
		admin().delete(alias("/admin/api/users/carol/grants/secret-client")).then().statusCode(204);
		admin().get(alias("/admin/api/users/carol/grants")).then().statusCode(200).body("size()", equalTo(0));
		admin().delete(alias("/admin/api/users/carol/grants/secret-client")).then().statusCode(404);
		assertThat((List<String>) admin().queryParam("user", "carol")
			.queryParam("type", AuditEvents.CONSENT_WITHDRAWN)
			.get(alias("/admin/api/events"))
			.path("events.data.client_id")).containsExactly("secret-client");

		admin().post(alias("/admin/api/users/carol/disable")).then().statusCode(200).body("enabled", equalTo(false));
		admin().delete(alias("/admin/api/users/carol")).then().statusCode(204);
		admin().get(alias("/admin/api/users/carol")).then().statusCode(404);
	}

	@Test
	void signingKeysAreListedWithTheirStates() {
		admin().get(alias("/admin/api/keys"))
			.then()
			.statusCode(200)
			.body("keys.state", contains("active"))
			.body("signing.access_token", equalTo("RS256"));
	}

	@Test
	void unboundTokenIsRefused() {
		String unbound = basic(Tls.anonymous(), "admin-secret-test", "admin-secret-test-secret")
			.formParam("grant_type", "client_credentials")
			.formParam("scope", SCOPE)
			.post(main("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
		assertThat(cnfThumbprint(claims(unbound))).isNull();

		Tls.client(ADMIN_CERTIFICATE)
			.auth()
			.oauth2(unbound)
			.get(alias("/admin/api/clients"))
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", containsString("error=\"invalid_token\""));
	}

	@Test
	void boundTokenWithAnotherCertificateIsRefused() {
		String token = adminToken(SCOPE);

		Tls.client(TestPki.issued(TestPki.fromCa("CN=someone-else, O=mtls-authz test")))
			.auth()
			.oauth2(token)
			.get(alias("/admin/api/clients"))
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", containsString("error=\"invalid_token\""));
	}

	@Test
	void tokenWithoutTheAdminScopeIsRefused() {
		String token = adminToken("api.read");

		Tls.client(ADMIN_CERTIFICATE)
			.auth()
			.oauth2(token)
			.get(alias("/admin/api/clients"))
			.then()
			.statusCode(403)
			.header("WWW-Authenticate", containsString("error=\"insufficient_scope\""));
	}

	@Test
	void requestWithoutTokenIsChallenged() {
		Tls.client(ADMIN_CERTIFICATE)
			.get(alias("/admin/api/clients"))
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("Bearer"));
	}

	@Test
	void theOpenApiDocumentDescribesTheAdminApiOnly() {
		Response document = Tls.anonymous().get(main("/admin/api/openapi.json"));

		document.then().statusCode(200);
		Map<String, Object> paths = document.path("paths");
		assertThat(paths).containsKeys("/admin/api/clients", "/admin/api/clients/{clientId}", "/admin/api/users",
				"/admin/api/keys", "/admin/api/events");
		assertThat(paths.keySet()).allMatch(path -> path.startsWith("/admin/api/"));
	}

	private RequestSpecification admin() {
		return Tls.client(ADMIN_CERTIFICATE).auth().oauth2(adminToken(SCOPE));
	}

	private static String adminToken(String scope) {
		return tokenRequest(ADMIN_CERTIFICATE, "admin-api-test", scope).then()
			.statusCode(200)
			.extract()
			.path("access_token");
	}

	private static Response tokenRequest(IssuedCertificate certificate, String clientId, String scope) {
		return Tls.client(certificate)
			.formParam("grant_type", "client_credentials")
			.formParam("client_id", clientId)
			.formParam("scope", scope)
			.post(alias("/oauth2/token"));
	}

	private static Map<String, Object> jwk(IssuedCertificate certificate) {
		try {
			return JWK.parse(certificate.certificate()).toJSONObject();
		}
		catch (JOSEException ex) {
			throw new AssertionError(ex);
		}
	}

}
