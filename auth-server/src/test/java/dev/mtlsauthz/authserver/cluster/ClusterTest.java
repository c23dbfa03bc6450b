package dev.mtlsauthz.authserver.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.authserver.admin.ClientAdministration;
import dev.mtlsauthz.authserver.clients.EnabledClientsRepository;
import dev.mtlsauthz.authserver.cluster.PostgreSqlCluster.Instance;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.basic;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.claims;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.cnfThumbprint;
import static dev.mtlsauthz.authserver.AuthServerIntegrationTest.thumbprint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Three instances on one PostgreSQL database serve one token space, whichever instance
 * each request reaches, as behind a load balancer without sticky sessions: what one
 * instance issues, records or changes (tokens, refresh tokens, codes, device codes,
 * consents, sign-in sessions, registrations, revocations, deletions) works at every other
 * one at once. The instances start together on an empty database.
 * <p>
 * The client cache is given an hour to live here, so that a change seen at another
 * instance within the test's second can only have come through the cluster's
 * notifications.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTest {

	private static final String REDIRECT_URI = "http://127.0.0.1:9999/callback";

	private static final Duration NOTICE = Duration.ofSeconds(2);

	private PostgreSqlCluster cluster;

	private Instance a;

	private Instance b;

	private Instance c;

	private final IssuedCertificate certificate = TestPki.ephemeral();

	@BeforeAll
	void startThreeInstancesAtOnce() {
		Assumptions.assumeTrue(PostgreSqlCluster.reachable() || "true".equals(System.getenv("CI")),
				"PostgreSQL is not running on 127.0.0.1:5432; .ci/run starts it");
		cluster = PostgreSqlCluster.start(3, Map.of("authserver.cluster.client-cache-time-to-live", "1h",
				"authserver.cluster.listener-check-interval", "1s"));
		a = cluster.instance(0);
		b = cluster.instance(1);
		c = cluster.instance(2);
	}

	@AfterAll
	void stop() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void instancesStartedTogetherOnAnEmptyDatabaseMigrateAndSeedItOnce() throws IOException {
		PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();
		int migrations = resources.getResources("classpath:db/migration/common/V*.sql").length
				+ resources.getResources("classpath:db/migration/postgresql/V*.sql").length;
		List<Map<String, Object>> history = cluster.database()
			.queryForList("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL");

		assertThat(history).hasSize(migrations)
			.allSatisfy(row -> assertThat(row.get("success")).isEqualTo(true))
			.extracting(row -> row.get("version"))
			.doesNotHaveDuplicates();
		assertThat(cluster.database().queryForObject("SELECT COUNT(*) FROM oauth2_registered_client", Integer.class))
			.isEqualTo(5);
		// alice, and the operator of the admin console (authserver.admin.operators).
		assertThat(cluster.database().queryForObject("SELECT COUNT(*) FROM users", Integer.class)).isEqualTo(2);
		assertThat(cluster.database()
			.queryForObject("SELECT COUNT(*) FROM authorities WHERE authority = 'ROLE_ADMIN'", Integer.class))
			.isEqualTo(1);
		for (Instance instance : cluster.instances()) {
			Tls.anonymous().get(instance.url("/actuator/health")).then().statusCode(200).body("status", equalTo("UP"));
		}
	}

	@Test
	void tokenIssuedAtOneInstanceIntrospectsAtEveryOtherAndRevokedAtOneIsInactiveAtAll() {
		String jwt = clientCredentials(a, "secret-client", "secret-client-secret");
		String reference = clientCredentials(b, "opaque-client", "opaque-client-secret");

		for (Instance instance : cluster.instances()) {
			introspect(instance, jwt).then()
				.body("active", equalTo(true))
				.body("cnf.'x5t#S256'", equalTo(thumbprint(certificate)));
			introspect(instance, reference).then().body("active", equalTo(true));
		}
		revoke(c, "opaque-client", "opaque-client-secret", reference);
		revoke(b, "secret-client", "secret-client-secret", jwt);

		for (Instance instance : cluster.instances()) {
			introspect(instance, jwt).then().body("active", equalTo(false));
			introspect(instance, reference).then().body("active", equalTo(false));
		}
	}

	@Test
	void signInBegunAtOneInstanceCompletesAtAnotherAndItsCodeConsentAndRefreshTokenWorkAtAThird() {
		UserSession atA = new UserSession(a.base());
		UserSession atB = atA.at(b.base());
		UserSession atC = atA.at(c.base());
		Map<String, String> request = Map.of("response_type", "code", "client_id", "web-client", "redirect_uri",
				REDIRECT_URI, "scope", "openid api.read", "state", "s1");

		// A saves the authorization request in the session and sends the browser to sign
		// in.
		Response authorize = atA.get("/oauth2/authorize", request);
		assertThat(authorize.header("Location")).isEqualTo(a.url("/login"));
		assertSecureSessionCookie(authorize.getDetailedCookie("SESSION"));
		// B shows the login form and signs alice in, then resumes the request saved at A.
		String resumed = atB.signIn("alice", "alice-password");
		assertThat(resumed).startsWith(a.url("/oauth2/authorize?"));
		// C continues it: alice is signed in there too, and is asked for her consent.
		Response consentRedirect = atC.open(resumed.replace(a.base(), c.base()));
		assertThat(consentRedirect.header("Location")).startsWith(c.url("/oauth2/consent?"));
		// B shows the consent page, A receives the decision.
		Response consentPage = atB.open(consentRedirect.header("Location").replace(c.base(), b.base()));
		Response decision = atA.allow(consentPage);
		String callback = decision.header("Location");
		assertThat(callback).startsWith(REDIRECT_URI).contains("state=s1");

		// The code is redeemed at B; the ID token names the session signed in at B.
		Response tokens = webClient().formParam("grant_type", "authorization_code")
			.formParam("code", UserSession.parameter(callback, "code"))
			.formParam("redirect_uri", REDIRECT_URI)
			.post(b.alias("/oauth2/token"));
		tokens.then().statusCode(200);
		assertThat(claims(tokens.path("access_token"))).containsEntry("sub", "alice");
		assertThat(claims(tokens.path("id_token"))).containsKey("sid");
		// The refresh token works at C, bound to the same certificate.
		Response refreshed = webClient().formParam("grant_type", "refresh_token")
			.formParam("refresh_token", (String) tokens.path("refresh_token"))
			.post(c.alias("/oauth2/token"));
		refreshed.then().statusCode(200);
		assertThat(cnfThumbprint(claims(refreshed.path("access_token")))).isEqualTo(thumbprint(certificate));
		// The consent given through B and A is remembered at C: no consent page again.
		Response again = atC.get("/oauth2/authorize", Map.of("response_type", "code", "client_id", "web-client",
				"redirect_uri", REDIRECT_URI, "scope", "openid api.read", "state", "s2"));
		assertThat(again.header("Location")).startsWith(REDIRECT_URI).contains("code=").contains("state=s2");
	}

	@Test
	void signingOutAtOneInstanceEndsTheSessionAtEveryOther() {
		UserSession atA = new UserSession(a.base());
		UserSession atB = atA.at(b.base());
		atA.signIn("alice", "alice-password");
		atB.get("/").then().statusCode(200);

		Response logoutPage = atB.get("/logout");
		atB.post("/logout", Map.of("_csrf", UserSession.input(logoutPage.asString(), "_csrf"))).then().statusCode(302);

		assertThat(atA.get("/").header("Location")).isEqualTo(a.url("/login"));
	}

	@Test
	void deviceCodeIssuedAtOneInstanceIsApprovedAtOthersAndRedeemedAtAThird() {
		Response authorization = webClient().formParam("scope", "api.write")
			.post(a.alias("/oauth2/device_authorization"));
		authorization.then().statusCode(200);
		UserSession person = new UserSession(b.base());
		person.signIn("alice", "alice-password");

		Response verification = person.at(c.base())
			.get("/oauth2/device_verification", Map.of("user_code", (String) authorization.path("user_code")));
		assertThat(verification.header("Location")).startsWith(c.url("/oauth2/consent?"));
		Response consentPage = person.open(verification.header("Location").replace(c.base(), b.base()));
		Response approved = person.allow(consentPage);
		assertThat(approved.header("Location")).endsWith("/activate?success");

		Response tokens = webClient().formParam("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
			.formParam("device_code", (String) authorization.path("device_code"))
			.post(c.alias("/oauth2/token"));
		tokens.then().statusCode(200);
		assertThat(claims(tokens.path("access_token"))).containsEntry("sub", "alice");
		assertThat(cnfThumbprint(claims(tokens.path("access_token")))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void clientRegisteredAtOneInstanceWorksAtAnotherAndItsUpdateAndDeletionAreSeenEverywhereAtOnce() {
		String initialAccessToken = basic(Tls.anonymous(), "registrar", "registrar-secret")
			.formParam("grant_type", "client_credentials")
			.formParam("scope", "client.create")
			.post(a.url("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
		Map<String, Object> metadata = Map.of("client_name", "Cluster service", "token_endpoint_auth_method",
				"client_secret_basic", "grant_types", List.of("client_credentials"), "scope", "api.read api.write");
		// Registered where the initial access token was issued: it is a JWT, which
		// another
		// instance verifies with the signing key only once all share one key set.
		Response registered = Tls.anonymous()
			.auth()
			.oauth2(initialAccessToken)
			.contentType(ContentType.JSON)
			.body(metadata)
			.post(a.url("/oauth2/register"));
		registered.then().statusCode(201);
		String clientId = registered.path("client_id");
		String secret = registered.path("client_secret");
		String registrationAccessToken = registered.path("registration_access_token");
		// The initial access token is spent.
		Tls.anonymous()
			.auth()
			.oauth2(initialAccessToken)
			.contentType(ContentType.JSON)
			.body(metadata)
			.post(a.url("/oauth2/register"))
			.then()
			.statusCode(401);
		// B reads the registration with its registration access token.
		Tls.anonymous()
			.auth()
			.oauth2(registrationAccessToken)
			.get(b.url("/oauth2/register/" + clientId))
			.then()
			.statusCode(200)
			.body("client_name", equalTo("Cluster service"));

		// C knows the new client, and caches it.
		String token = clientCredentials(c, clientId, secret, "api.write");
		// B narrows the client's scope: C stops issuing api.write within the notice time.
		Tls.anonymous()
			.auth()
			.oauth2(registrationAccessToken)
			.contentType(ContentType.JSON)
			.body(Map.of("client_id", clientId, "client_secret", secret, "token_endpoint_auth_method",
					"client_secret_basic", "grant_types", List.of("client_credentials"), "scope", "api.read"))
			.put(b.url("/oauth2/register/" + clientId))
			.then()
			.statusCode(200);
		await().atMost(NOTICE)
			.untilAsserted(() -> tokenRequest(c, clientId, secret, "api.write").then()
				.statusCode(400)
				.body("error", equalTo("invalid_scope")));

		// A deletes it: C refuses it within the notice time, and its token is inactive.
		Tls.anonymous()
			.auth()
			.oauth2(registrationAccessToken)
			.delete(a.url("/oauth2/register/" + clientId))
			.then()
			.statusCode(204);
		await().atMost(NOTICE)
			.untilAsserted(() -> tokenRequest(c, clientId, secret, "api.read").then()
				.statusCode(401)
				.body("error", equalTo("invalid_client")));
		for (Instance instance : cluster.instances()) {
			introspect(instance, token).then().statusCode(200).body("active", equalTo(false));
		}
	}

	@Test
	void listenerThatLosesItsConnectionFlushesTheCacheAndListensAgain() {
		// B caches secret-client; then its registration changes behind every instance's
		// back, with no notice: B keeps answering from its cache.
		clientCredentials(b, "secret-client", "secret-client-secret", "api.write");
		cluster.database()
			.update("UPDATE oauth2_registered_client SET scopes = 'api.read' WHERE client_id = 'secret-client'");
		tokenRequest(b, "secret-client", "secret-client-secret", "api.write").then().statusCode(200);
		List<Integer> listeners = listenerProcesses();
		assertThat(listeners).hasSize(3);

		cluster.database()
			.queryForList("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
					PostgreSqlNotifications.APPLICATION_NAME);

		// Every instance flushed its cache when it lost the connection, and listens
		// again.
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(listenerProcesses()).hasSize(3).doesNotContainAnyElementsOf(listeners));
		tokenRequest(b, "secret-client", "secret-client-secret", "api.write").then()
			.statusCode(400)
			.body("error", equalTo("invalid_scope"));
		cluster.database()
			.update("UPDATE oauth2_registered_client SET scopes = 'api.read,api.write' WHERE client_id = 'secret-client'");
		a.context()
			.getBean(EnabledClientsRepository.class)
			.evict(b.context().getBean(EnabledClientsRepository.class).findStoredByClientId("secret-client"));
		await().atMost(NOTICE)
			.untilAsserted(
					() -> tokenRequest(b, "secret-client", "secret-client-secret", "api.write").then().statusCode(200));
	}

	@Test
	void aClientDisabledByAnOperatorAtOneInstanceIsRefusedAtTheOthers() {
		tokenRequest(b, "opaque-client", "opaque-client-secret", "api.read").then().statusCode(200);
		ClientAdministration administration = a.context().getBean(ClientAdministration.class);
		try {
			administration.setEnabled("opaque-client", false);
			await().atMost(NOTICE)
				.untilAsserted(() -> tokenRequest(b, "opaque-client", "opaque-client-secret", "api.read").then()
					.statusCode(401)
					.body("error", equalTo("invalid_client")));
		}
		finally {
			administration.setEnabled("opaque-client", true);
		}
		await().atMost(NOTICE)
			.untilAsserted(
					() -> tokenRequest(b, "opaque-client", "opaque-client-secret", "api.read").then().statusCode(200));
	}

	@Test
	void scheduledJobsHaveOneLockRowEachForTheWholeCluster() {
		assertThat(cluster.database().queryForList("SELECT name FROM shedlock", String.class))
			.containsExactlyInAnyOrder("expired-authorization-purge", "expired-session-cleanup", "audit-event-purge",
					"dpop-proof-purge", "used-client-assertion-purge", "authentication-failure-purge");
	}

	private List<Integer> listenerProcesses() {
		return cluster.database()
			.queryForList("SELECT pid FROM pg_stat_activity WHERE application_name = ? AND datname = ?", Integer.class,
					PostgreSqlNotifications.APPLICATION_NAME, cluster.databaseName());
	}

	private static void assertSecureSessionCookie(Cookie cookie) {
		assertThat(cookie).as("the SESSION cookie").isNotNull();
		assertThat(cookie.isSecured()).as("Secure").isTrue();
		assertThat(cookie.isHttpOnly()).as("HttpOnly").isTrue();
		assertThat(cookie.getSameSite()).as("SameSite").isEqualToIgnoringCase("Lax");
	}

	private RequestSpecification webClient() {
		return basic(Tls.client(certificate), "web-client", "web-client-secret");
	}

	private String clientCredentials(Instance instance, String clientId, String secret) {
		return clientCredentials(instance, clientId, secret, "api.read");
	}

	private String clientCredentials(Instance instance, String clientId, String secret, String scope) {
		return tokenRequest(instance, clientId, secret, scope).then().statusCode(200).extract().path("access_token");
	}

	private Response tokenRequest(Instance instance, String clientId, String secret, String scope) {
		return basic(Tls.client(certificate), clientId, secret).formParam("grant_type", "client_credentials")
			.formParam("scope", scope)
			.post(instance.alias("/oauth2/token"));
	}

	private void revoke(Instance instance, String clientId, String secret, String token) {
		basic(Tls.client(certificate), clientId, secret).formParam("token", token)
			.post(instance.alias("/oauth2/revoke"))
			.then()
			.statusCode(200);
	}

	private static Response introspect(Instance instance, String token) {
		return basic(Tls.anonymous(), "introspector", "introspector-secret").formParam("token", token)
			.post(instance.url("/oauth2/introspect"));
	}

}
