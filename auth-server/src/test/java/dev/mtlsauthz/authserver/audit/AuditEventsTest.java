package dev.mtlsauthz.authserver.audit;

import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.binding.UserAgent;
import dev.mtlsauthz.authserver.binding.UserAgent.Pkce;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of audit event, published with its data at the one place that knows it, and
 * written by the audit logger as a line that Spring Boot's structured logging turns into
 * JSON fields (ECS).
 */
class AuditEventsTest extends AuthServerIntegrationTest {

	@Autowired
	private ConfigurableApplicationContext context;

	@Autowired
	private OAuth2AuthorizationConsentService consents;

	private RecordedAuditEvents events;

	@BeforeEach
	void recordAuditEvents() {
		events = new RecordedAuditEvents(context);
	}

	@AfterEach
	void stopRecording() {
		events.close();
	}

	@Test
	void boundTokenResponseIsTokenIssuedWithItsThumbprintAndALogLine() {
		IssuedCertificate certificate = TestPki.ephemeral();

		clientCredentials(basic(Tls.client(certificate), "secret-client", "secret-client-secret"),
				alias("/oauth2/token"))
			.then()
			.statusCode(200);

		AuditEvent issued = events.single("secret-client", AuditEvents.TOKEN_ISSUED,
				Map.of(AuditEvents.THUMBPRINT, thumbprint(certificate)));
		assertThat(issued.getData()).containsEntry(AuditEvents.CLIENT_ID, "secret-client")
			.containsEntry(AuditEvents.GRANT_TYPE, "client_credentials")
			.containsEntry(AuditEvents.METHOD, "client_secret_basic")
			.containsEntry(AuditEvents.SCOPE, "api.read")
			.containsEntry(AuditEvents.BINDING, "x5t#S256")
			.doesNotContainKey(AuditEvents.USER);
		assertThat(events.jsonLine(issued)).contains("\"logger\":\"dev.mtlsauthz.audit\"")
			.contains("\"audit\":{\"type\":\"TOKEN_ISSUED\",\"principal\":\"secret-client\"")
			.contains("\"client_id\":\"secret-client\"")
			.contains("\"binding\":\"x5t#S256\"");
	}

	@Test
	void unboundTokenResponseHasNoBinding() {

		clientCredentials(basic(Tls.anonymous(), "opaque-client", "opaque-client-secret"), main("/oauth2/token")).then()
			.statusCode(200);

		AuditEvent issued = events.single("opaque-client", AuditEvents.TOKEN_ISSUED, Map.of());
		assertThat(issued.getData()).doesNotContainKeys(AuditEvents.BINDING, AuditEvents.THUMBPRINT)
			.containsEntry(AuditEvents.GRANT_TYPE, "client_credentials");
	}

	@Test
	void wrongSecretIsClientAuthenticationFailedWithTheReasonAndNoGenericFailure() {

		clientCredentials(basic(Tls.anonymous(), "bound-secret-client", "not-the-secret"), main("/oauth2/token")).then()
			.statusCode(401);

		AuditEvent failed = events.single("bound-secret-client", AuditEvents.CLIENT_AUTHENTICATION_FAILED,
				Map.of(AuditEvents.CLIENT_ID, "bound-secret-client", AuditEvents.METHOD, "client_secret_basic",
						AuditEvents.REASON, "invalid_client"));
		assertThat(events.all("bound-secret-client", AuditEvents.SIGN_IN_FAILURE)).isEmpty();
		assertThat(events.jsonLine(failed))
			.contains("\"audit\":{\"type\":\"CLIENT_AUTHENTICATION_FAILED\",\"principal\":\"bound-secret-client\"")
			.contains("\"reason\":\"invalid_client\"")
			.doesNotContain("not-the-secret");
	}

	@Test
	void boundTokenAtUserinfoWithAnotherCertificateIsBindingRefused() {
		String token = clientCredentials(
				basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret"), alias("/oauth2/token"))
			.path("access_token");

		Tls.client(TestPki.ephemeral()).auth().oauth2(token).get(alias("/userinfo")).then().statusCode(401);

		events.single("secret-client", AuditEvents.BINDING_REFUSED,
				Map.of(AuditEvents.CLIENT_ID, "secret-client", AuditEvents.REASON, "invalid_token"));
	}

	@Test
	void signInAndCodeGrantAndRefreshWithAnotherCertificateAreAudited() {
		IssuedCertificate certificate = TestPki.ephemeral();
		Pkce pkce = Pkce.s256();
		String code = new UserAgent(issuer()).authorizationCode("native-client", "api.read", pkce, "alice",
				"alice-password");
		Response tokens = Tls.client(certificate)
			.formParam("grant_type", "authorization_code")
			.formParam("code", code)
			.formParam("redirect_uri", UserAgent.REDIRECT_URI)
			.formParam("client_id", "native-client")
			.formParam("code_verifier", pkce.verifier())
			.post(alias("/oauth2/token"));
		tokens.then().statusCode(200);

		Tls.client(TestPki.ephemeral())
			.formParam("grant_type", "refresh_token")
			.formParam("refresh_token", tokens.<String>path("refresh_token"))
			.formParam("client_id", "native-client")
			.post(alias("/oauth2/token"))
			.then()
			.statusCode(400);

		events.single("alice", AuditEvents.SIGN_IN_SUCCESS,
				Map.of(AuditEvents.USER, "alice", AuditEvents.REMOTE_ADDRESS, "127.0.0.1"));
		events.single("alice", AuditEvents.TOKEN_ISSUED,
				Map.of(AuditEvents.CLIENT_ID, "native-client", AuditEvents.USER, "alice", AuditEvents.GRANT_TYPE,
						"authorization_code", AuditEvents.METHOD, "none", AuditEvents.THUMBPRINT,
						thumbprint(certificate)));
		events.single("native-client", AuditEvents.BINDING_REFUSED,
				Map.of(AuditEvents.GRANT_TYPE, "refresh_token", AuditEvents.REASON, "invalid_grant"));
	}

	/**
	 * Spring Boot's own {@code AUTHORIZATION_FAILURE}, for each anonymous visit to a page
	 * that needs sign-in, is neither an event of ours nor written: its details would put
	 * the session id in the log.
	 */
	@Test
	void anonymousVisitToAProtectedPageWritesNoAuditLine() {
		new UserAgent(issuer()).get("/account/applications", Map.of());

		assertThat(events.lines()).noneMatch(line -> line.startsWith("AUTHORIZATION_FAILURE"))
			.noneMatch(line -> line.contains("SessionId"));
	}

	@Test
	void wrongPasswordIsSignInFailure() {
		UserAgent browser = new UserAgent(issuer());
		Response loginPage = browser.get("/login", Map.of());

		browser.post("/login", Map.of("username", "alice", "password", "wrong", "_csrf",
				UserAgent.hiddenInput(loginPage.asString(), "_csrf")));

		AuditEvent failure = events.single("alice", AuditEvents.SIGN_IN_FAILURE,
				Map.of(AuditEvents.REASON, "bad_credentials"));
		assertThat(failure.getData()).containsEntry(AuditEvents.REMOTE_ADDRESS, "127.0.0.1")
			.doesNotContainValue("wrong");
	}

	@Test
	void savedConsentIsGrantedAndRemovedIsWithdrawn() {
		OAuth2AuthorizationConsent consent = OAuth2AuthorizationConsent.withId("secret-client", "bob")
			.scope("api.read")
			.scope("profile")
			.build();

		consents.save(consent);
		consents.remove(consent);

		Map<String, Object> data = Map.of(AuditEvents.CLIENT_ID, "secret-client", AuditEvents.USER, "bob",
				AuditEvents.SCOPE, "api.read profile");
		events.single("bob", AuditEvents.CONSENT_GRANTED, data);
		events.single("bob", AuditEvents.CONSENT_WITHDRAWN, data);
	}

}
