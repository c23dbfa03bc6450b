package dev.mtlsauthz.authserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration shown in the README is the default configuration file itself, so the
 * two never drift.
 */
class ReadmeConfigurationTest {

	@Test
	void readmeShowsTheDefaultConfigurationVerbatim() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		String configuration = Files.readString(Path.of("src", "main", "resources", "application.yml"));
		Matcher block = Pattern.compile("### Configuration.*?```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);

		assertThat(block.find()).as("README.md has a yaml block under '### Configuration'").isTrue();
		assertThat(block.group(1)).isEqualTo(configuration);
	}

}
