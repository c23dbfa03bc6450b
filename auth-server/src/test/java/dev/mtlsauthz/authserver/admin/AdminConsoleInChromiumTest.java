package dev.mtlsauthz.authserver.admin;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.audit.AuditEvents;
import dev.mtlsauthz.authserver.web.Chromium;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console as an operator uses it in chromium: sign in, register a
 * {@code tls_client_auth} client, which then gets a token bound to its certificate,
 * disable it, which makes its next authentication fail, and find both changes on the
 * events page, filtered by the client. A signed-in user without the operator's role is
 * refused, and so is a form without its CSRF token.
 */
class AdminConsoleInChromiumTest extends AuthServerIntegrationTest {

	private WebDriver browser;

	@BeforeEach
	void startBrowser() throws Exception {
		Chromium.assumeInstalled();
		browser = Chromium.start();
		browser.manage().window().setSize(new Dimension(1280, 1000));
	}

	@AfterEach
	void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void operatorRegistersAClientThatGetsABoundTokenDisablesItAndSeesItInTheEvents() throws Exception {
		browser.get(issuer() + "/admin");
		signIn("operator", "operator-password");
		waitForTitle("Clients · mtls-authz admin");
		assertThat(browser.findElement(By.id("clients")).getText()).contains("secret-client", "seed");
		Chromium.screenshot(browser, "admin-clients");

		browser.findElement(By.id("new-client")).click();
		waitForTitle("Register a client · mtls-authz admin");
		String subject = "CN=console-client, O=mtls-authz test";
		browser.findElement(By.id("clientName")).sendKeys("Console client");
		new Select(browser.findElement(By.id("tokenEndpointAuthMethod"))).selectByValue("tls_client_auth");
		browser.findElement(By.id("scope")).sendKeys("api.read");
		browser.findElement(By.id("tlsClientAuthSubjectDn")).sendKeys(subject);
		Chromium.screenshot(browser, "admin-client-new");
		browser.findElement(By.id("register")).click();
		waitForTitle("Client · mtls-authz admin");
		assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("Client registered.");
		String clientId = browser.findElement(By.id("client-id")).getText();
		Chromium.screenshot(browser, "admin-client");

		IssuedCertificate certificate = TestPki.issued(TestPki.fromCa(subject));
		String token = tokenRequest(certificate, clientId).then().statusCode(200).extract().path("access_token");
		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));

		browser.findElement(By.id("toggle-enabled")).click();
		waitForMessage("Client disabled.");
		assertThat(browser.findElement(By.id("client-status")).getText()).isEqualTo("disabled");
		tokenRequest(certificate, clientId).then().statusCode(401);

		browser.get(issuer() + "/admin/events?client_id=" + clientId);
		waitForTitle("Events · mtls-authz admin");
		Chromium.screenshot(browser, "admin-events");
		List<String> adminChanges = browser.findElements(By.cssSelector("#events tr.event"))
			.stream()
			.filter(row -> row.findElement(By.className("event-type")).getText().equals(AuditEvents.ADMIN_CHANGE))
			.map(row -> row.findElement(By.className("event-data")).getText())
			.toList();
		assertThat(adminChanges).anyMatch(data -> data.contains("action=client.disable"))
			.anyMatch(data -> data.contains("action=client.create"));
		// the disabled client's failed authentication, as the operator looks for it
		List<String> failures = browser.findElements(By.cssSelector("#events tr.event"))
			.stream()
			.filter(row -> row.findElement(By.className("event-type"))
				.getText()
				.equals(AuditEvents.CLIENT_AUTHENTICATION_FAILED))
			.map(row -> row.findElement(By.className("event-data")).getText())
			.toList();
		assertThat(failures).singleElement()
			.asString()
			.contains("reason=invalid_client", "method=tls_client_auth", "remote_address=127.0.0.1");
		browser.get(issuer() + "/admin/events?user=operator&type=" + AuditEvents.ADMIN_CHANGE);
		assertThat(browser.findElement(By.id("events")).getText()).contains(clientId);
	}

	@Test
	void usersAndKeysAreScreensAnOperatorCanUse() throws Exception {
		browser.get(issuer() + "/admin/users");
		signIn("operator", "operator-password");
		waitForTitle("Users · mtls-authz admin");
		browser.findElement(By.id("new-username")).sendKeys("erin");
		browser.findElement(By.id("new-password")).sendKeys("erin-password");
		browser.findElement(By.id("new-name")).sendKeys("Erin Example");
		browser.findElement(By.id("create-user")).click();
		waitForTitle("User · mtls-authz admin");
		assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("User created.");
		assertThat(browser.findElement(By.id("grants")).getText()).contains("No application holds");
		Chromium.screenshot(browser, "admin-user");

		browser.findElement(By.id("toggle-user")).click();
		waitForMessage("User disabled and signed out everywhere.");
		assertThat(browser.findElement(By.id("user-status")).getText()).isEqualTo("disabled");

		browser.get(issuer() + "/admin/keys");
		waitForTitle("Signing keys · mtls-authz admin");
		assertThat(browser.findElement(By.id("keys")).getText()).contains("active", "RS256");
		assertThat(browser.findElement(By.id("rotate")).isDisplayed()).isTrue();
		Chromium.screenshot(browser, "admin-keys");
	}

	@Test
	void aUserWithoutTheOperatorsRoleIsRefused() {
		browser.get(issuer() + "/admin/clients");
		signIn("alice", "alice-password");

		new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/admin/clients"));
		assertThat(browser.findElements(By.id("clients"))).isEmpty();
		assertThat(browser.getPageSource()).doesNotContain("secret-client");
	}

	@Test
	void aFormWithoutItsCsrfTokenIsRefused() {
		register(Map.of("client_id", "csrf-target", "token_endpoint_auth_method", "tls_client_auth",
				"tls_client_auth_subject_dn", "CN=csrf-target, O=mtls-authz test", "grant_types",
				List.of("client_credentials"), "scope", "api.read"));
		browser.get(issuer() + "/admin/clients");
		signIn("operator", "operator-password");
		waitForTitle("Clients · mtls-authz admin");
		browser.get(issuer() + "/admin/clients/csrf-target");
		waitForTitle("Client · mtls-authz admin");
		WebElement csrf = browser.findElement(By.cssSelector("form[action$='/enabled'] input[name=_csrf]"));
		((JavascriptExecutor) browser).executeScript("arguments[0].value = 'forged';", csrf);

		browser.findElement(By.id("toggle-enabled")).click();
		waitForTitle("Something went wrong · mtls-authz");

		browser.get(issuer() + "/admin/clients/csrf-target");
		waitForTitle("Client · mtls-authz admin");
		assertThat(browser.findElement(By.id("client-status")).getText()).isEqualTo("enabled");
	}

	private Response tokenRequest(IssuedCertificate certificate, String clientId) {
		return Tls.client(certificate)
			.formParam("grant_type", "client_credentials")
			.formParam("client_id", clientId)
			.formParam("scope", "api.read")
			.post(alias("/oauth2/token"));
	}

	private void signIn(String username, String password) {
		waitForTitle("Sign in · mtls-authz");
		browser.findElement(By.id("username")).sendKeys(username);
		browser.findElement(By.id("password")).sendKeys(password);
		browser.findElement(By.id("sign-in")).click();
	}

	/** Waits for the page that follows a form's action: the same title, a new message. */
	private void waitForMessage(String message) {
		new WebDriverWait(browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), message));
	}

	private void waitForTitle(String title) {
		new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.titleIs(title));
	}

}
