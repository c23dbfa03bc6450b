package dev.mtlsauthz.democlient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DemoOptionsTest {

	@Test
	void defaultsAreTheServersAndFilesOfDemoSh() {
		DemoOptions options = DemoOptions.parse();

		assertThat(options.issuer()).isEqualTo(URI.create("https://localhost:8443"));
		assertThat(options.api()).isEqualTo(URI.create("https://localhost:9443"));
		assertThat(options.secretClient()).isEqualTo(new ClientSecretBasic("demo-secret-client", "demo-secret"));
		assertThat(options.opaqueClient()).isEqualTo(new ClientSecretBasic("demo-opaque-client", "demo-opaque-secret"));
		assertThat(options.trustStore()).isEqualTo(Path.of("certs/generated/ca.crt"));
		assertThat(options.json()).isFalse();
	}

	@Test
	void acceptsValuesAfterASpaceOrAnEqualsSign() {
		DemoOptions options = DemoOptions.parse("--issuer=https://auth-server:8443/", "--api",
				"https://resource-api:9443", "--client-id", "other", "--client-secret=s3cr=t", "--json", "--no-color");

		assertThat(options.issuer()).isEqualTo(URI.create("https://auth-server:8443"));
		assertThat(options.api()).isEqualTo(URI.create("https://resource-api:9443"));
		assertThat(options.secretClient()).isEqualTo(new ClientSecretBasic("other", "s3cr=t"));
		assertThat(options.json()).isTrue();
		assertThat(options.color()).isFalse();
	}

	@Test
	void aLaterValueOverridesAnEarlierOne() {
		DemoOptions options = DemoOptions.parse("--api", "https://localhost:9443", "--api=https://elsewhere:9443");

		assertThat(options.api()).isEqualTo(URI.create("https://elsewhere:9443"));
	}

	@Test
	void refusesUnknownOptionsMissingValuesAndPlainHttp() {
		assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("--isuer", "x"))
			.withMessage("unknown option --isuer");
		assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("--api"))
			.withMessage("--api needs a value");
		assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("--issuer", "http://localhost:8443"))
			.withMessageContaining("must be an absolute https URL");
	}

	@Test
	void usageErrorExitsWith64AndHelpWithZero() {
		var out = new java.io.ByteArrayOutputStream();
		var stream = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);

		assertThat(DemoClient.run(new String[] { "--bogus" }, Terminal.plain(), stream, stream)).isEqualTo(64);
		assertThat(DemoClient.run(new String[] { "--help" }, Terminal.plain(), stream, stream)).isZero();
		assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("--trust-store FILE");
	}

	@Test
	void docsQuoteTheHelpTextAsItIs() throws Exception {
		String docs = Files.readString(Path.of(System.getProperty("repository.root", "..")).resolve("docs/demo.md"));

		assertThat(docs).contains(DemoOptions.usage());
	}

}
