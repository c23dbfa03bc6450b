package dev.mtlsauthz.authserver.clients;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.clients.Registrar.initialAccessToken;
import static dev.mtlsauthz.authserver.clients.Registrar.registration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The client configuration endpoint (RFC 7592): a dynamically registered client reads,
 * replaces and deletes its registration with the registration access token it received at
 * registration, and nobody else can.
 */
class ClientConfigurationEndpointTest extends AuthServerIntegrationTest {

	private static final Map<String, Object> SERVICE = Map.of("client_name", "Reporting service", "grant_types",
			List.of("client_credentials"), "scope", "api.read");

	@Autowired
	private JdbcTemplate jdbc;

	@BeforeEach
	void registrar() {
		register(UserSession.seededClient("demo-registrar"));
	}

	@Test
	void registrationResponseHoldsTheRegistrationAccessTokenAndOnlyItsHashIsStored() {
		Map<String, Object> registered = registered(SERVICE);
		String clientId = (String) registered.get("client_id");
		String token = (String) registered.get("registration_access_token");

		assertThat(registered).containsEntry("registration_client_uri", main("/oauth2/register/" + clientId));
		assertThat(token).matches("[A-Za-z0-9_-]{43,}");
		String stored = clients.findByClientId(clientId)
			.getClientSettings()
			.getSetting(ClientSettingNames.REGISTRATION_ACCESS_TOKEN_HASH);
		assertThat(stored).isNotBlank().isNotEqualTo(token);
		assertThat(clients.findByClientId(clientId).getClientSettings().getSettings().values().toString())
			.doesNotContain(token);
	}

	@Test
	void readReturnsTheRegisteredMetadataWithTheRfc8705Fields() {
		Map<String, Object> registered = registered(
				Map.of("token_endpoint_auth_method", "tls_client_auth", "tls_client_auth_subject_dn",
						"CN=read-service, O=mtls-authz test", "tls_client_certificate_bound_access_tokens", true,
						"grant_types", List.of("client_credentials"), "scope", "api.read"));

		Response read = configuration(registered).get(uri(registered));

		read.then().statusCode(200).header("Cache-Control", "no-store");
		assertThat(read.jsonPath().getMap("")).containsEntry("client_id", registered.get("client_id"))
			.containsEntry("token_endpoint_auth_method", "tls_client_auth")
			.containsEntry("tls_client_auth_subject_dn", "CN=read-service, O=mtls-authz test")
			.containsEntry("tls_client_certificate_bound_access_tokens", true)
			.containsEntry("scope", "api.read")
			.containsEntry("client_id_issued_at", registered.get("client_id_issued_at"))
			.containsEntry("registration_client_uri", uri(registered))
			.doesNotContainKeys("registration_access_token", "client_secret");
	}

	@Test
	void updateReplacesTheMetadataAndTheNewScopeCanBeRequested() {
		Map<String, Object> registered = registered(
				Map.of("client_name", "Web app", "grant_types", List.of("authorization_code", "client_credentials"),
						"redirect_uris", List.of("https://app.example.com/old"), "scope", "api.read"));
		String clientId = (String) registered.get("client_id");
		String secret = (String) registered.get("client_secret");
		tokenRequest(clientId, secret, "api.write").then().statusCode(400);

		// The client sends its complete metadata: the client_name it leaves out is
		// removed (and the server's
		// default, the client_id, takes its place).
		Response updated = configuration(registered).contentType(ContentType.JSON)
			.body(Map.of("client_id", clientId, "client_secret", secret, "grant_types",
					List.of("authorization_code", "client_credentials"), "redirect_uris",
					List.of("https://app.example.com/new"), "scope", "api.read api.write"))
			.put(uri(registered));

		updated.then().statusCode(200);
		assertThat(((String) updated.path("scope")).split(" ")).containsExactlyInAnyOrder("api.read", "api.write");
		assertThat(updated.jsonPath().getMap("")).containsEntry("client_name", clientId)
			.containsEntry("redirect_uris", List.of("https://app.example.com/new"))
			.containsEntry("token_endpoint_auth_method", "client_secret_basic")
			.doesNotContainKey("client_secret");
		assertThat(configuration(registered).get(uri(registered)).jsonPath().getMap(""))
			.isEqualTo(updated.jsonPath().getMap(""));
		assertThat(clients.findByClientId(clientId).getRedirectUris()).containsExactly("https://app.example.com/new");
		assertThat(clients.findByClientId(clientId).getClientIdIssuedAt().getEpochSecond())
			.isEqualTo(((Number) registered.get("client_id_issued_at")).longValue());
		tokenRequest(clientId, secret, "api.write").then().statusCode(200);
	}

	@Test
	void whatReadReturnsCanBeSentBackUnchanged() {
		Map<String, Object> registered = registered(Map.of("redirect_uris", List.of("https://app.example.com/cb"),
				"grant_types", List.of("authorization_code", "refresh_token"), "scope", "openid profile"));
		Map<String, Object> read = configuration(registered).get(uri(registered)).jsonPath().getMap("");

		Response updated = configuration(registered).contentType(ContentType.JSON).body(read).put(uri(registered));

		updated.then().statusCode(200);
		assertThat(updated.jsonPath().getMap("")).isEqualTo(read);
	}

	@Test
	void invalidUpdateIsRejectedNamingTheFieldAndChangesNothing() {
		Map<String, Object> registered = registered(SERVICE);
		String clientId = (String) registered.get("client_id");
		Map<String, Object> before = configuration(registered).get(uri(registered)).jsonPath().getMap("");
		Map<String, Object> service = with(SERVICE, "client_id", clientId);

		assertInvalid(registered, with(service, "scope", "api.read admin"), "invalid_client_metadata", "scope");
		assertInvalid(registered, with(service, "grant_types", List.of("authorization_code")), "invalid_redirect_uri",
				"redirect_uris");
		assertInvalid(registered, with(service, "token_endpoint_auth_method", "tls_client_auth"),
				"invalid_client_metadata", "tls_client_auth_subject_dn");
		assertInvalid(registered, with(service, "token_endpoint_auth_method", "client_secret_jwt"),
				"invalid_client_metadata", "token_endpoint_auth_method");
		assertInvalid(registered, with(service, "require_consent", false), "invalid_client_metadata",
				"require_consent");
		assertInvalid(registered, with(service, "tls_client_certificate_bound_access_tokens", "yes"),
				"invalid_client_metadata", "tls_client_certificate_bound_access_tokens");
		assertInvalid(registered, with(service, "client_id", "someone-else"), "invalid_request", "client_id");
		assertInvalid(registered, SERVICE, "invalid_request", "client_id");
		assertInvalid(registered, with(service, "client_secret", "chosen-by-the-client"), "invalid_request",
				"client_secret");
		Response malformed = configuration(registered).contentType(ContentType.JSON)
			.body("{\"client_id\":")
			.put(uri(registered));
		malformed.then().statusCode(400);
		assertThat((String) malformed.path("error")).isEqualTo("invalid_request");

		assertThat(configuration(registered).get(uri(registered)).jsonPath().getMap("")).isEqualTo(before);
		tokenRequest(clientId, (String) registered.get("client_secret"), "api.read").then().statusCode(200);
	}

	@Test
	void missingWrongOrAnotherClientsTokenIsInvalidToken() {
		Map<String, Object> registered = registered(SERVICE);
		Map<String, Object> other = registered(SERVICE);
		String token = (String) registered.get("registration_access_token");
		String otherToken = (String) other.get("registration_access_token");

		assertInvalidToken(Tls.anonymous().get(uri(registered)));
		assertInvalidToken(Tls.anonymous().header("Authorization", "Bearer ").get(uri(registered)));
		assertInvalidToken(Tls.anonymous().auth().oauth2(token + "x").get(uri(registered)));
		assertInvalidToken(Tls.anonymous()
			.auth()
			.preemptive()
			.basic((String) registered.get("client_id"), (String) registered.get("client_secret"))
			.get(uri(registered)));
		assertInvalidToken(Tls.anonymous().auth().oauth2(otherToken).get(uri(registered)));
		assertInvalidToken(Tls.anonymous()
			.auth()
			.oauth2(otherToken)
			.contentType(ContentType.JSON)
			.body(with(SERVICE, "client_id", registered.get("client_id")))
			.put(uri(registered)));
		assertInvalidToken(Tls.anonymous().auth().oauth2(otherToken).delete(uri(registered)));
		// An unknown client and a client seeded by configuration answer exactly as a
		// wrong token does.
		assertInvalidToken(Tls.anonymous().auth().oauth2(token).get(main("/oauth2/register/no-such-client")));
		assertInvalidToken(Tls.anonymous().auth().oauth2(token).get(main("/oauth2/register/demo-registrar")));

		configuration(registered).get(uri(registered)).then().statusCode(200);
	}

	@Test
	void deleteRemovesTheClientWithItsTokens() {
		Map<String, Object> registered = registered(SERVICE);
		String clientId = (String) registered.get("client_id");
		String secret = (String) registered.get("client_secret");
		tokenRequest(clientId, secret, "api.read").then().statusCode(200);
		assertThat(authorizationsOf(clientId)).isPositive();

		configuration(registered).delete(uri(registered)).then().statusCode(204);

		assertThat(authorizationsOf(clientId)).isZero();
		assertThat(clients.findStoredByClientId(clientId)).isNull();
		Response token = tokenRequest(clientId, secret, "api.read");
		token.then().statusCode(401);
		assertThat((String) token.path("error")).isEqualTo("invalid_client");
		assertInvalidToken(configuration(registered).get(uri(registered)));
		assertInvalidToken(configuration(registered).delete(uri(registered)));
	}

	/**
	 * Another instance of a cluster may store a token of the client after the deletion's
	 * transaction, while its copy of the client has not yet been forgotten: that row
	 * outlives its client. Its token is inactive, and revoking it answers 200 as for any
	 * unknown token (RFC 7009 section 2.2), never a 500 about the missing client.
	 */
	@Test
	void tokenStoredAfterItsClientWasDeletedIntrospectsInactiveAndRevokes() {
		Map<String, Object> registered = registered(SERVICE);
		String clientId = (String) registered.get("client_id");
		String token = tokenRequest(clientId, (String) registered.get("client_secret"), "api.read").then()
			.statusCode(200)
			.extract()
			.path("access_token");
		jdbc.execute("CREATE TABLE raced_authorization AS SELECT * FROM oauth2_authorization WHERE "
				+ "registered_client_id = '" + clientId + "'");
		try {
			configuration(registered).delete(uri(registered)).then().statusCode(204);
			jdbc.update("INSERT INTO oauth2_authorization SELECT * FROM raced_authorization");
			assertThat(authorizationsOf(clientId)).isPositive();

			basic(Tls.anonymous(), "introspector", "introspector-secret").formParam("token", token)
				.post(main("/oauth2/introspect"))
				.then()
				.statusCode(200)
				.body("active", equalTo(false));
			basic(Tls.anonymous(), "introspector", "introspector-secret").formParam("token", token)
				.post(main("/oauth2/revoke"))
				.then()
				.statusCode(200);
		}
		finally {
			jdbc.execute("DROP TABLE raced_authorization");
			jdbc.update("DELETE FROM oauth2_authorization WHERE registered_client_id = ?", clientId);
		}
	}

	@Test
	void tlsClientAuthClientMovedToAnotherSubjectAuthenticatesWithTheNewCertificateOnly() {
		Map<String, Object> metadata = Map.of("token_endpoint_auth_method", "tls_client_auth",
				"tls_client_auth_subject_dn", "CN=old-subject, O=mtls-authz test",
				"tls_client_certificate_bound_access_tokens", true, "grant_types", List.of("client_credentials"),
				"scope", "api.read");
		Map<String, Object> registered = registered(metadata);
		String clientId = (String) registered.get("client_id");
		IssuedCertificate old = TestPki.issued(TestPki.fromCa("CN=old-subject, O=mtls-authz test"));
		IssuedCertificate renamed = TestPki.issued(TestPki.fromCa("CN=new-subject, O=mtls-authz test"));
		certificateTokenRequest(old, clientId).then().statusCode(200);

		Response updated = configuration(registered).contentType(ContentType.JSON)
			.body(with(with(metadata, "client_id", clientId), "tls_client_auth_subject_dn",
					"CN=new-subject, O=mtls-authz test"))
			.put(uri(registered));

		updated.then().statusCode(200);
		assertThat((String) updated.path("tls_client_auth_subject_dn")).isEqualTo("CN=new-subject, O=mtls-authz test");
		Response token = certificateTokenRequest(renamed, clientId);
		token.then().statusCode(200);
		assertThat(cnfThumbprint(claims(token.path("access_token")))).isEqualTo(thumbprint(renamed));
		certificateTokenRequest(old, clientId).then().statusCode(401);
	}

	@Test
	void configurationEndpointIsNotServedAtTheMtlsConnector() {
		Map<String, Object> registered = registered(SERVICE);

		configuration(registered).get(alias("/oauth2/register/" + registered.get("client_id"))).then().statusCode(404);
	}

	private static Map<String, Object> registered(Map<String, Object> metadata) {
		return registration(Tls.anonymous(), initialAccessToken(null, main("/oauth2/token")), metadata)
			.post(main("/oauth2/register"))
			.then()
			.statusCode(201)
			.extract()
			.jsonPath()
			.getMap("");
	}

	private static RequestSpecification configuration(Map<String, Object> registered) {
		return Tls.anonymous().auth().oauth2((String) registered.get("registration_access_token"));
	}

	private static String uri(Map<String, Object> registered) {
		return (String) registered.get("registration_client_uri");
	}

	private static Response tokenRequest(String clientId, String secret, String scope) {
		return basic(Tls.anonymous(), clientId, secret).formParam("grant_type", "client_credentials")
			.formParam("scope", scope)
			.post(main("/oauth2/token"));
	}

	private static Response certificateTokenRequest(IssuedCertificate certificate, String clientId) {
		return clientCredentials(Tls.client(certificate).formParam("client_id", clientId), alias("/oauth2/token"));
	}

	/** Dynamically registered clients are stored with their client_id as id. */
	private int authorizationsOf(String clientId) {
		return jdbc.queryForObject("SELECT COUNT(*) FROM oauth2_authorization WHERE registered_client_id = ?",
				Integer.class, clientId);
	}

	private static void assertInvalid(Map<String, Object> registered, Map<String, Object> metadata, String error,
			String field) {
		Response response = configuration(registered).contentType(ContentType.JSON).body(metadata).put(uri(registered));
		response.then().statusCode(400);
		assertThat((String) response.path("error")).as(metadata.toString()).isEqualTo(error);
		assertThat((String) response.path("error_description")).as(metadata.toString()).contains(field);
	}

	private static void assertInvalidToken(Response response) {
		response.then().statusCode(401).header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
		assertThat((String) response.path("error")).isEqualTo("invalid_token");
	}

	private static Map<String, Object> with(Map<String, Object> metadata, String name, Object value) {
		Map<String, Object> copy = new HashMap<>(metadata);
		copy.put(name, value);
		return copy;
	}

}
