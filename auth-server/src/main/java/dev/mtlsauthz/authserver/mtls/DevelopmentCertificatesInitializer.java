package dev.mtlsauthz.authserver.mtls;

import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.mtlsauthz.certs.DevelopmentCertificates;

/**
 * Writes the development PKI once the configuration is complete (test and command-line
 * properties included) and before the web server reads its TLS certificate, when
 * {@code authserver.dev-certificates.generate-if-missing} is true (the default
 * configuration), so that a fresh clone starts with one command. Production deployments
 * turn it off and mount their own certificates.
 */
public class DevelopmentCertificatesInitializer implements ApplicationListener<ApplicationPreparedEvent> {

	private static final Logger log = LoggerFactory.getLogger(DevelopmentCertificatesInitializer.class);

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		ConfigurableEnvironment environment = event.getApplicationContext().getEnvironment();
		if (!environment.getProperty("authserver.dev-certificates.generate-if-missing", Boolean.class, false)) {
			return;
		}
		Path directory = Path.of(environment.getProperty("authserver.dev-certificates.directory", "certs/generated"));
		List<String> written = new DevelopmentCertificates(directory).ensure();
		if (!written.isEmpty()) {
			log.info("Generated development certificates in {}: {}", directory.toAbsolutePath(), written);
		}
	}

}
