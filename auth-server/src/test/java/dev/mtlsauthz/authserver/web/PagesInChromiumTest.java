package dev.mtlsauthz.authserver.web;

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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages as a person sees them in chromium, on a 360 px wide phone and on a desktop:
 * the consent page lists the scopes in the order the application asked for them, with
 * checkboxes of one size however long their labels; no footer touches the edge of the
 * screen; a sign-in on the way to the activation page says that a device is being
 * connected; and an RP-initiated logout without a return address ends on "You have been
 * signed out". Each page is also saved under {@code target/screenshots} to be looked at.
 */
class PagesInChromiumTest extends AuthServerIntegrationTest {

	private static final List<Integer> WIDTHS = List.of(360, 1280);

	private static final String REDIRECT_URI = "http://127.0.0.1:9999/callback";

	/** A client of its own for each test, so that no remembered consent skips a page. */
	private final String clientId = "pages-" + UUID.randomUUID();

	private WebDriver browser;

	@BeforeEach
	void startBrowser() throws Exception {
		Chromium.assumeInstalled();
		register(Map.of("client_id", clientId, "client_name", "Photo printing service", "client_secret", "pages-secret",
				"token_endpoint_auth_method", "client_secret_basic", "grant_types",
				List.of("authorization_code", "urn:ietf:params:oauth:grant-type:device_code"), "redirect_uris",
				List.of(REDIRECT_URI), "scope", "openid profile email api.read api.write", "require_consent", true));
		browser = Chromium.start();
	}

	@AfterEach
	void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void consentListsTheScopesInTheRequestedOrderWithCheckboxesOfOneSize() throws Exception {
		browser.get(authorizationRequest("api.write openid email api.read profile"));
		signIn();
		new WebDriverWait(browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.titleIs("Allow access · mtls-authz"));

		for (int width : WIDTHS) {
			look("consent", width);
			List<WebElement> checkboxes = browser.findElements(By.cssSelector(".scope input[type=checkbox]"));
			assertThat(checkboxes).extracting(checkbox -> checkbox.getAttribute("value"))
				.containsExactly("api.write", "email", "api.read", "profile");
			assertThat(checkboxes).extracting(WebElement::getSize)
				.as("checkboxes at %d px", width)
				.containsOnly(checkboxes.get(0).getSize());
			assertThat(checkboxes.get(0).getSize().getWidth()).isGreaterThanOrEqualTo(16);
		}
	}

	@Test
	void signingInOnTheWayToTheActivationPageSaysADeviceIsBeingConnected() throws Exception {
		browser.get(issuer() + "/activate");

		assertThat(browser.getTitle()).isEqualTo("Sign in · mtls-authz");
		assertThat(browser.findElement(By.id("connecting-device")).getText()).contains("connect your device");
		for (int width : WIDTHS) {
			look("sign-in-for-a-device", width);
		}
		signIn();
		new WebDriverWait(browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.titleIs("Connect a device · mtls-authz"));
		for (int width : WIDTHS) {
			look("activate", width);
		}
	}

	@Test
	void signingInForAnApplicationDoesNotMentionADevice() {
		browser.get(authorizationRequest("profile"));

		assertThat(browser.getTitle()).isEqualTo("Sign in · mtls-authz");
		assertThat(browser.findElements(By.id("connecting-device"))).isEmpty();
	}

	@Test
	void logoutWithoutAReturnAddressEndsOnTheSignedOutMessage() throws Exception {
		browser.get(authorizationRequest("openid profile"));
		signIn();
		new WebDriverWait(browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.titleIs("Allow access · mtls-authz"));
		browser.findElement(By.id("allow")).click();
		new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("code="));
		Response tokens = basic(Tls.client(TestPki.ephemeral()), clientId, "pages-secret")
			.formParam("grant_type", "authorization_code")
			.formParam("redirect_uri", REDIRECT_URI)
			.formParam("code", UserSession.parameter(browser.getCurrentUrl(), "code"))
			.post(alias("/oauth2/token"));
		tokens.then().statusCode(200);

		browser.get(issuer() + "/connect/logout?id_token_hint=" + tokens.path("id_token"));

		assertThat(browser.getTitle()).isEqualTo("Sign in · mtls-authz");
		assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
			.isEqualTo("You have been signed out.");
		for (int width : WIDTHS) {
			look("signed-out", width);
		}
	}

	@Test
	void theOtherPagesKeepTheirFooterOffTheEdgeAndARefusedSignOutOffersOne() throws Exception {
		browser.get(issuer() + "/login");
		look("sign-in", 360);
		signIn();
		browser.get(issuer() + "/");
		look("account", 360);
		browser.get(issuer() + "/logout");
		look("sign-out", 360);
		browser.get(issuer() + "/oauth2/authorize?response_type=code&client_id=unknown-client");
		for (int width : WIDTHS) {
			look("error", width);
		}
		browser.get(issuer() + "/connect/logout?id_token_hint=not-a-token");
		assertThat(browser.findElement(By.tagName("h1")).getText())
			.isEqualTo("This sign-out request cannot be completed");
		assertThat(browser.findElement(By.cssSelector("a#sign-out")).isDisplayed()).isTrue();
		for (int width : WIDTHS) {
			look("sign-out-refused", width);
		}
	}

	private String authorizationRequest(String scope) {
		return issuer() + "/oauth2/authorize?response_type=code&client_id=" + clientId + "&redirect_uri=" + REDIRECT_URI
				+ "&scope=" + scope.replace(" ", "%20") + "&state=s";
	}

	private void signIn() {
		browser.findElement(By.id("username")).sendKeys("alice");
		browser.findElement(By.id("password")).sendKeys("alice-password");
		browser.findElement(By.id("sign-in")).click();
	}

	/**
	 * Shows the page at {@code width}, saves the screenshot, and checks that nothing
	 * overflows the screen and that the footer keeps a margin from both edges.
	 */
	@SuppressWarnings("unchecked")
	private void look(String page, int width) throws Exception {
		browser.manage().window().setSize(new Dimension(width, 1000));
		Map<String, Object> layout = (Map<String, Object>) ((JavascriptExecutor) browser)
			.executeScript("const footer = document.querySelector('footer').getBoundingClientRect();"
					+ "return {viewport: document.documentElement.clientWidth,"
					+ " scroll: document.documentElement.scrollWidth, left: footer.left, right: footer.right};");
		Chromium.screenshot(browser, page + "-" + width);
		double viewport = ((Number) layout.get("viewport")).doubleValue();
		assertThat(((Number) layout.get("scroll")).doubleValue()).as("%s at %d px overflows", page, width)
			.isLessThanOrEqualTo(viewport);
		assertThat(((Number) layout.get("left")).doubleValue()).as("%s footer's left margin at %d px", page, width)
			.isGreaterThanOrEqualTo(16);
		assertThat(((Number) layout.get("right")).doubleValue()).as("%s footer's right margin at %d px", page, width)
			.isLessThanOrEqualTo(viewport - 16);
	}

}
