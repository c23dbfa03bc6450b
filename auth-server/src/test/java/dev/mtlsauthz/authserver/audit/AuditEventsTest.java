package dev.mtlsauthz.authserver.audit;

import java.time.Instant;
import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.test.context.TestPropertySource;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.binding.UserAgent;
import dev.mtlsauthz.authserver.binding.UserAgent.Pkce;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of audit event, published with its data at the one place that knows it, and
 * written as a JSON log line (ECS, Spring Boot's structured logging) by the audit logger.
 */
@Import(RecordedAuditEvents.class)
@TestPropertySource(properties = "logging.structured.format.console=ecs")
@ExtendWith(OutputCaptureExtension.class)
class AuditEventsTest extends AuthServerIntegrationTest {

	@Autowired
	private InMemoryAuditEventRepository events;

	@Autowired
	private OAuth2AuthorizationConsentService consents;

	@Test
	void boundTokenResponseIsTokenIssuedWithItsThumbprintAndALogLine(CapturedOutput output) {
		Instant before = Instant.now();
		IssuedCertificate certificate = TestPki.ephemeral();

		clientCredentials(basic(Tls.client(certificate), "secret-client", "secret-client-secret"),
				alias("/oauth2/token"))
			.then()
			.statusCode(200);

		AuditEvent issued = RecordedAuditEvents.single(events, "secret-client", before, AuditEvents.TOKEN_ISSUED,
				Map.of(AuditEvents.THUMBPRINT, thumbprint(certificate)));
		assertThat(issued.getData()).containsEntry(AuditEvents.CLIENT_ID, "secret-client")
			.containsEntry(AuditEvents.GRANT_TYPE, "client_credentials")
			.containsEntry(AuditEvents.METHOD, "client_secret_basic")
			.containsEntry(AuditEvents.SCOPE, "api.read")
			.containsEntry(AuditEvents.BINDING, "x5t#S256")
			.doesNotContainKey(AuditEvents.USER);
		assertThat(jsonLine(output, thumbprint(certificate))).contains("\"logger\":\"dev.mtlsauthz.audit\"")
			.contains("\"audit\":{\"type\":\"TOKEN_ISSUED\",\"principal\":\"secret-client\"")
			.contains("\"client_id\":\"secret-client\"")
			.contains("\"binding\":\"x5t#S256\"");
	}

	@Test
	void unboundTokenResponseHasNoBinding() {
		Instant before = Instant.now();

		clientCredentials(basic(Tls.anonymous(), "opaque-client", "opaque-client-secret"), main("/oauth2/token")).then()
			.statusCode(200);

		AuditEvent issued = RecordedAuditEvents.single(events, "opaque-client", before, AuditEvents.TOKEN_ISSUED,
				Map.of());
		assertThat(issued.getData()).doesNotContainKeys(AuditEvents.BINDING, AuditEvents.THUMBPRINT)
			.containsEntry(AuditEvents.GRANT_TYPE, "client_credentials");
	}

	@Test
	void wrongSecretIsClientAuthenticationFailedWithTheReasonAndNoGenericFailure(CapturedOutput output) {
		Instant before = Instant.now();

		clientCredentials(basic(Tls.anonymous(), "bound-secret-client", "not-the-secret"), main("/oauth2/token")).then()
			.statusCode(401);

		RecordedAuditEvents.single(events, "bound-secret-client", before, AuditEvents.CLIENT_AUTHENTICATION_FAILED,
				Map.of(AuditEvents.CLIENT_ID, "bound-secret-client", AuditEvents.METHOD, "client_secret_basic",
						AuditEvents.REASON, "invalid_client"));
		assertThat(events.find("bound-secret-client", before, AuditEvents.SIGN_IN_FAILURE)).isEmpty();
		assertThat(jsonLine(output, "\"type\":\"CLIENT_AUTHENTICATION_FAILED\",\"principal\":\"bound-secret-client\""))
			.contains("\"reason\":\"invalid_client\"");
		assertThat(output.getOut()).doesNotContain("not-the-secret");
	}

	@Test
	void boundTokenAtUserinfoWithAnotherCertificateIsBindingRefused() {
		Instant before = Instant.now();
		String token = basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret")
			.formParam("grant_type", "client_credentials")
			.formParam("scope", "openid api.read")
			.post(alias("/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");

		Tls.client(TestPki.ephemeral()).auth().oauth2(token).get(alias("/userinfo")).then().statusCode(401);

		RecordedAuditEvents.single(events, "secret-client", before, AuditEvents.BINDING_REFUSED,
				Map.of(AuditEvents.CLIENT_ID, "secret-client", AuditEvents.REASON, "invalid_token"));
	}

	@Test
	void signInAndCodeGrantAndRefreshWithAnotherCertificateAreAudited() {
		Instant before = Instant.now();
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

		RecordedAuditEvents.single(events, "alice", before, AuditEvents.SIGN_IN_SUCCESS,
				Map.of(AuditEvents.USER, "alice", AuditEvents.REMOTE_ADDRESS, "127.0.0.1"));
		RecordedAuditEvents.single(events, "alice", before, AuditEvents.TOKEN_ISSUED,
				Map.of(AuditEvents.CLIENT_ID, "native-client", AuditEvents.USER, "alice", AuditEvents.GRANT_TYPE,
						"authorization_code", AuditEvents.METHOD, "none", AuditEvents.THUMBPRINT,
						thumbprint(certificate)));
		RecordedAuditEvents.single(events, "native-client", before, AuditEvents.BINDING_REFUSED,
				Map.of(AuditEvents.GRANT_TYPE, "refresh_token", AuditEvents.REASON, "invalid_grant"));
	}

	@Test
	void wrongPasswordIsSignInFailure() {
		Instant before = Instant.now();
		UserAgent browser = new UserAgent(issuer());
		Response loginPage = browser.get("/login", Map.of());

		browser.post("/login", Map.of("username", "alice", "password", "wrong", "_csrf",
				UserAgent.hiddenInput(loginPage.asString(), "_csrf")));

		AuditEvent failure = RecordedAuditEvents.single(events, "alice", before, AuditEvents.SIGN_IN_FAILURE,
				Map.of(AuditEvents.REASON, "bad_credentials"));
		assertThat(failure.getData()).containsEntry(AuditEvents.REMOTE_ADDRESS, "127.0.0.1")
			.doesNotContainValue("wrong");
	}

	@Test
	void savedConsentIsGrantedAndRemovedIsWithdrawn() {
		Instant before = Instant.now();
		OAuth2AuthorizationConsent consent = OAuth2AuthorizationConsent.withId("secret-client", "bob")
			.scope("api.read")
			.scope("profile")
			.build();

		consents.save(consent);
		consents.remove(consent);

		Map<String, Object> data = Map.of(AuditEvents.CLIENT_ID, "secret-client", AuditEvents.USER, "bob",
				AuditEvents.SCOPE, "api.read profile");
		RecordedAuditEvents.single(events, "bob", before, AuditEvents.CONSENT_GRANTED, data);
		RecordedAuditEvents.single(events, "bob", before, AuditEvents.CONSENT_WITHDRAWN, data);
	}

	/** The one JSON log line that contains {@code text}. */
	static String jsonLine(CapturedOutput output, String text) {
		return output.getOut()
			.lines()
			.filter(line -> line.startsWith("{") && line.contains(text))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No JSON log line with " + text + " in:\n" + output.getOut()));
	}

}
