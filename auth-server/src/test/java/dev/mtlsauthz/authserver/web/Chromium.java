package dev.mtlsauthz.authserver.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import dev.mtlsauthz.certs.Pem;
import dev.mtlsauthz.testing.TestPki;

/**
 * Debian's headless chromium, driven through its chromedriver, that trusts exactly the
 * test server's key (by its SPKI hash), not every certificate, and makes no network
 * requests of its own. Tests that need it are skipped with a message where it is not
 * installed.
 */
public final class Chromium {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** Where {@link #screenshot} writes, for a person to look at the pages. */
	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private Chromium() {
	}

	/** Skips the calling test when chromium or chromedriver is missing. */
	public static void assumeInstalled() {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Skipped: the browser test needs Debian's chromium and chromedriver at " + CHROMIUM + " and "
						+ CHROMEDRIVER + " (apt-get install -y chromium chromium-driver; .ci/run installs them)");
	}

	public static WebDriver start() throws Exception {
		return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
				options());
	}

	/** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
	public static void screenshot(WebDriver browser, String name) throws Exception {
		Files.createDirectories(SCREENSHOTS);
		Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
	}

	private static ChromeOptions options() throws Exception {
		X509Certificate server = Pem.readCertificates(TestPki.file("auth-server.crt")).get(0);
		String spki = Base64.getEncoder()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(server.getPublicKey().getEncoded()));
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--hide-scrollbars",
				"--ignore-certificate-errors-spki-list=" + spki);
		return options;
	}

}
