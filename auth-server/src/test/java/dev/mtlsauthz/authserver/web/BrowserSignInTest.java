package dev.mtlsauthz.authserver.web;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeded native app {@code demo-native-client} (a public client with PKCE, RFC 8252)
 * run end to end with a real browser: Debian's chromium, driven through its chromedriver,
 * signs alice in and grants consent on the server's own pages, and the authorization code
 * arrives at a loopback redirect on a port chosen at run time (RFC 8252 section 7.3). The
 * app then redeems the code at the token alias over a connection presenting a certificate
 * it made on the fly, and gets a bound access token and a bound refresh token (RFC 8705
 * sections 3 and 4).
 */
class BrowserSignInTest extends AuthServerIntegrationTest {

	private static final String CLIENT_ID = "demo-native-client";

	private HttpServer loopback;

	private final CompletableFuture<String> callback = new CompletableFuture<>();

	private WebDriver browser;

	@BeforeEach
	void startBrowserAndLoopbackRedirect() throws Exception {
		Chromium.assumeInstalled();
		register(UserSession.seededClient(CLIENT_ID));
		loopback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		loopback.createContext("/callback", exchange -> {
			callback.complete(exchange.getRequestURI().toString());
			byte[] page = "<!DOCTYPE html><html lang=\"en\"><title>Signed in</title><p>You can close this window."
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, page.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(page);
			}
		});
		loopback.start();
		browser = Chromium.start();
	}

	@AfterEach
	void stop() {
		if (browser != null) {
			browser.quit();
		}
		if (loopback != null) {
			loopback.stop(0);
		}
	}

	@Test
	void nativeAppSignsAliceInWithABrowserAndGetsTokensBoundToItsEphemeralCertificate() throws Exception {
		String redirectUri = "http://127.0.0.1:" + loopback.getAddress().getPort() + "/callback";
		String state = UUID.randomUUID().toString();
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String verifier = base64(random);
		String challenge = base64(
				MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));

		browser.get(issuer() + "/oauth2/authorize?response_type=code&client_id=" + CLIENT_ID + "&redirect_uri="
				+ redirectUri + "&scope=openid%20profile%20api.read&state=" + state + "&code_challenge=" + challenge
				+ "&code_challenge_method=S256");

		assertThat(browser.getTitle()).isEqualTo("Sign in · mtls-authz");
		assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
		assertThat(browser.switchTo().activeElement().getAttribute("id")).as("focus starts on the username")
			.isEqualTo("username");
		assertThat(browser.findElement(By.cssSelector("label[for=username]")).getText()).isEqualTo("Username");
		assertThat(browser.findElement(By.cssSelector("label[for=password]")).getText()).isEqualTo("Password");
		assertThat(browser.findElement(By.id("sign-in")).getCssValue("background-color"))
			.as("the server's own stylesheet is applied")
			.isEqualTo("rgba(11, 87, 164, 1)");
		browser.findElement(By.id("username")).sendKeys("alice");
		browser.findElement(By.id("password")).sendKeys("alice-password");
		browser.findElement(By.id("sign-in")).click();

		new WebDriverWait(browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.titleIs("Allow access · mtls-authz"));
		assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Demo native app")
			.contains("wants to access your account");
		assertThat(browser.findElement(By.cssSelector("label[for='scope-profile']")).getText())
			.contains("See your name and profile");
		assertThat(browser.findElement(By.id("scope-api.read")).isSelected()).isTrue();
		browser.findElement(By.id("allow")).click();

		String arrived = callback.get(20, TimeUnit.SECONDS);
		assertThat(UserSession.parameter(arrived, "state")).isEqualTo(state);
		String code = UserSession.parameter(arrived, "code");
		assertThat(code).isNotBlank();

		IssuedCertificate certificate = TestPki.ephemeral();
		Response tokens = Tls.client(certificate)
			.formParam("grant_type", "authorization_code")
			.formParam("code", code)
			.formParam("redirect_uri", redirectUri)
			.formParam("client_id", CLIENT_ID)
			.formParam("code_verifier", verifier)
			.post(alias("/oauth2/token"));
		tokens.then().statusCode(200);
		assertThat(cnfThumbprint(claims(tokens.path("access_token")))).isEqualTo(thumbprint(certificate));
		assertThat(claims(tokens.path("access_token"))).containsEntry("sub", "alice");
		assertThat(claims(tokens.path("id_token"))).containsEntry("aud", CLIENT_ID);
		String refreshToken = tokens.path("refresh_token");
		assertThat(refreshToken).as("a public client with a certificate gets a bound refresh token").isNotBlank();

		Response refreshed = refresh(certificate, refreshToken);
		refreshed.then().statusCode(200);
		assertThat(cnfThumbprint(claims(refreshed.path("access_token")))).isEqualTo(thumbprint(certificate));

		Response stolen = refresh(TestPki.ephemeral(), refreshToken);
		stolen.then().statusCode(400);
		assertThat((String) stolen.path("error")).isEqualTo("invalid_grant");
	}

	/**
	 * The session cookie is {@code SameSite=Lax}: a client's page on another site (the
	 * loopback server, {@code http://127.0.0.1}) that sends the browser to the
	 * authorization endpoint by a link finds the user signed in, while a form on that
	 * page that posts to the authorization endpoint arrives without the cookie and is
	 * sent to the sign-in page.
	 */
	@Test
	void theSessionCookieGoesWithAnotherSitesLinkButNotWithItsPost() throws Exception {
		String authorization = issuer() + "/oauth2/authorize?response_type=code&client_id=" + CLIENT_ID
				+ "&redirect_uri=http://127.0.0.1:" + loopback.getAddress().getPort()
				+ "/callback&scope=openid&state=cross-site&code_challenge=" + base64(new byte[32])
				+ "&code_challenge_method=S256";
		page("/link", "<a id=\"go\" href=\"" + authorization.replace("&", "&amp;") + "\">Sign in with mtls-authz</a>");
		page("/post",
				"<form method=\"post\" action=\"" + issuer() + "/oauth2/authorize\">"
						+ "<input type=\"hidden\" name=\"response_type\" value=\"code\">"
						+ "<input type=\"hidden\" name=\"client_id\" value=\"" + CLIENT_ID + "\">"
						+ "<input type=\"hidden\" name=\"scope\" value=\"openid\">"
						+ "<input type=\"hidden\" name=\"state\" value=\"cross-site\">"
						+ "<input type=\"hidden\" name=\"redirect_uri\" value=\"http://127.0.0.1:"
						+ loopback.getAddress().getPort() + "/callback\">"
						+ "<input type=\"hidden\" name=\"code_challenge\" value=\"" + base64(new byte[32]) + "\">"
						+ "<input type=\"hidden\" name=\"code_challenge_method\" value=\"S256\">"
						+ "<button id=\"go\" type=\"submit\">Sign in with mtls-authz</button></form>");
		browser.get(issuer() + "/login");
		browser.findElement(By.id("username")).sendKeys("alice");
		browser.findElement(By.id("password")).sendKeys("alice-password");
		browser.findElement(By.id("sign-in")).click();
		new WebDriverWait(browser, Duration.ofSeconds(20))
			.until(ExpectedConditions.not(ExpectedConditions.titleIs("Sign in · mtls-authz")));
		Cookie session = browser.manage().getCookieNamed("SESSION");
		assertThat(session.getSameSite()).isEqualTo("Lax");
		assertThat(session.isSecure()).isTrue();
		assertThat(session.isHttpOnly()).isTrue();

		browser.get("http://127.0.0.1:" + loopback.getAddress().getPort() + "/link");
		browser.findElement(By.id("go")).click();
		new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions
			.or(ExpectedConditions.titleIs("Allow access · mtls-authz"), ExpectedConditions.titleIs("Signed in")));

		browser.get("http://127.0.0.1:" + loopback.getAddress().getPort() + "/post");
		browser.findElement(By.id("go")).click();
		new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.titleIs("Sign in · mtls-authz"));
	}

	/** A page of the client's own site, the loopback server. */
	private void page(String path, String body) {
		loopback.createContext(path, exchange -> {
			byte[] page = ("<!DOCTYPE html><html lang=\"en\"><title>Client</title><body>" + body)
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
			exchange.sendResponseHeaders(200, page.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(page);
			}
		});
	}

	private static Response refresh(IssuedCertificate certificate, String refreshToken) {
		return Tls.client(certificate)
			.formParam("grant_type", "refresh_token")
			.formParam("refresh_token", refreshToken)
			.formParam("client_id", CLIENT_ID)
			.post(alias("/oauth2/token"));
	}

}
