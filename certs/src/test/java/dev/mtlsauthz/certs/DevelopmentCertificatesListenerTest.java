package dev.mtlsauthz.certs;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class DevelopmentCertificatesListenerTest {

	@TempDir
	Path directory;

	@Test
	void writesThePkiIntoTheDirectoryNamedUnderTheServersPrefix() {
		environmentPrepared(Map.of("someserver.dev-certificates.directory", directory.toString()));

		assertThat(directory.resolve("ca.crt")).isRegularFile();
		assertThat(directory.resolve("auth-server.key")).isRegularFile();
		assertThat(directory.resolve("resource-api.crt")).isRegularFile();
	}

	@Test
	void writesNothingWhenGenerationIsOff() {
		environmentPrepared(Map.of("someserver.dev-certificates.directory", directory.toString(),
				"someserver.dev-certificates.generate-if-missing", "false"));

		assertThat(directory).isEmptyDirectory();
	}

	@Test
	void defaultsAreVisibleOnTheProperties() {
		DevelopmentCertificatesProperties defaults = Binder.get(new StandardEnvironment())
			.bindOrCreate("someserver.dev-certificates", DevelopmentCertificatesProperties.class);

		assertThat(defaults.generateIfMissing()).isTrue();
		assertThat(defaults.directory()).isEqualTo(Path.of("certs/generated"));
	}

	private static void environmentPrepared(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new DevelopmentCertificatesListener("someserver.dev-certificates")
			.onApplicationEvent(new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(),
					new SpringApplication(), new String[0], environment));
	}

}
