package example.whoami;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client starter's README shows this application's code and configuration as they
 * are, so that an application written from the README is the one {@link WhoAmIClientTest}
 * runs against the real servers.
 */
class ReadmeExampleTest {

	private static final Path README = Path.of("..", "..", "mtls-client-spring-boot-starter", "README.md");

	@Test
	void readmeShowsTheApplicationAndBothConfigurationsVerbatim() throws IOException {
		String readme = Files.readString(README);

		assertThat(readme).contains(block("java", Path.of("src/main/java/example/whoami/WhoAmIClient.java")))
			.contains(block("properties", Path.of("src/main/resources/application-tls-client-auth.properties")))
			.contains(block("properties", Path.of("src/main/resources/application-ephemeral.properties")));
	}

	private static String block(String language, Path file) throws IOException {
		return "```" + language + "\n" + Files.readString(file) + "```\n";
	}

}
