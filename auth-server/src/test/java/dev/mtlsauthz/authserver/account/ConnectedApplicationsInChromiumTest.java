package dev.mtlsauthz.authserver.account;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.authserver.audit.AuditEvents;
import dev.mtlsauthz.authserver.audit.RecordedAuditEvents;
import dev.mtlsauthz.authserver.web.Chromium;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user sees, in chromium, the application they allowed on the consent page (which says
 * where to take it back) among their connected applications, disconnects it there, and
 * its refresh token stops working; the next authorization request asks for consent again.
 */
class ConnectedApplicationsInChromiumTest extends AuthServerIntegrationTest {

	private static final String REDIRECT_URI = "http://127.0.0.1:9999/callback";

	/** A client of its own for each test, so that no remembered consent skips a page. */
	private final String clientId = "apps-" + UUID.randomUUID();

	@Autowired
	private ConfigurableApplicationContext context;

	private WebDriver browser;

	private RecordedAuditEvents events;

	@BeforeEach
	void startBrowser() throws Exception {
		Chromium.assumeInstalled();
		register(Map.of("client_id", clientId, "client_name", "Photo printing service", "client_secret", "apps-secret",
				"token_endpoint_auth_method", "client_secret_basic", "grant_types",
				List.of("authorization_code", "refresh_token"), "redirect_uris", List.of(REDIRECT_URI), "scope",
				"openid profile api.read", "require_consent", true));
		events = new RecordedAuditEvents(context);
		browser = Chromium.start();
	}

	@AfterEach
	void stopBrowser() {
		events.close();
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void disconnectingAnApplicationWithdrawsItsConsentAndEndsItsTokens() throws Exception {
		browser.get(authorizationRequest());
		browser.findElement(By.id("username")).sendKeys("alice");
		browser.findElement(By.id("password")).sendKeys("alice-password");
		browser.findElement(By.id("sign-in")).click();
		waitForTitle("Allow access · mtls-authz");
		assertThat(browser.findElement(By.id("withdraw-hint")).getText()).contains("your connected applications")
			.contains("Signing out does not take it back");
		browser.findElement(By.id("allow")).click();
		new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("code="));
		IssuedCertificate certificate = TestPki.ephemeral();
		Response tokens = basic(Tls.client(certificate), clientId, "apps-secret")
			.formParam("grant_type", "authorization_code")
			.formParam("redirect_uri", REDIRECT_URI)
			.formParam("code", UserSession.parameter(browser.getCurrentUrl(), "code"))
			.post(alias("/oauth2/token"));
		tokens.then().statusCode(200);

		browser.get(issuer() + "/account/applications");
		waitForTitle("Connected applications · mtls-authz");
		String listed = browser.findElement(By.id("application-" + clientId)).getText();
		assertThat(listed).contains("Photo printing service").contains("api.read").contains("profile");
		look("connected-applications");
		browser.findElement(By.id("withdraw-" + clientId)).click();
		// the page after the withdrawal has the same title: wait for its message
		new WebDriverWait(browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.presenceOfElementLocated(By.id("withdrawn")));

		assertThat(browser.findElement(By.id("withdrawn")).getText())
			.isEqualTo("Photo printing service is disconnected from your account.");
		assertThat(browser.findElements(By.id("application-" + clientId))).isEmpty();
		look("connected-applications-withdrawn");
		basic(Tls.client(certificate), clientId, "apps-secret").formParam("grant_type", "refresh_token")
			.formParam("refresh_token", tokens.<String>path("refresh_token"))
			.post(alias("/oauth2/token"))
			.then()
			.statusCode(400);
		Map<String, Object> consent = Map.of(AuditEvents.CLIENT_ID, clientId, AuditEvents.USER, "alice",
				AuditEvents.SCOPE, "api.read openid profile");
		events.single("alice", AuditEvents.CONSENT_GRANTED, consent);
		events.single("alice", AuditEvents.CONSENT_WITHDRAWN, consent);
		browser.get(authorizationRequest());
		waitForTitle("Allow access · mtls-authz");
	}

	private String authorizationRequest() {
		return issuer() + "/oauth2/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + REDIRECT_URI
				+ "&scope=openid%20profile%20api.read&state=s";
	}

	private void waitForTitle(String title) {
		new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.titleIs(title));
	}

	/** On a 360 px phone: saved to be looked at, and nothing wider than the screen. */
	private void look(String page) throws Exception {
		browser.manage().window().setSize(new Dimension(360, 1000));
		Chromium.screenshot(browser, page + "-360");
		Object overflow = ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
		assertThat(overflow).as("%s overflows a 360 px screen", page).isEqualTo(false);
	}

}
