package dev.mtlsauthz.resourceapi.tls;

import java.nio.file.Path;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

import dev.mtlsauthz.certs.DevelopmentCertificates;
import dev.mtlsauthz.resourceapi.ResourceApiProperties;

/**
 * Writes the development PKI ({@code resourceapi.dev-certificates}) when it is missing.
 * It runs as soon as the configuration is known, because the HTTPS connector reads
 * {@code resource-api.crt} while the context starts, before any bean could generate it.
 * Registered in {@code META-INF/spring.factories}.
 */
public class DevelopmentCertificatesListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final Log logger = LogFactory.getLog(DevelopmentCertificatesListener.class);

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ResourceApiProperties.DevCertificates settings = Binder.get(event.getEnvironment())
			.bindOrCreate("resourceapi", ResourceApiProperties.class)
			.devCertificates();
		if (!settings.generateIfMissing()) {
			return;
		}
		Path directory = settings.directory();
		List<String> written = new DevelopmentCertificates(directory).ensure();
		if (!written.isEmpty()) {
			logger.info("Wrote development certificates " + written + " to " + directory.toAbsolutePath());
		}
	}

}
