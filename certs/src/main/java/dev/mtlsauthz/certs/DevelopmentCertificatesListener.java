package dev.mtlsauthz.certs;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * Writes the development PKI ({@link DevelopmentCertificates}) at start when it is
 * missing, so that a fresh clone starts with one command. It runs as soon as the
 * configuration is complete (command-line arguments and test properties included),
 * because the HTTPS connector reads its certificate while the context starts, before any
 * bean could write it. A server registers it in its {@code main} method, naming the
 * prefix of its {@link DevelopmentCertificatesProperties}:
 *
 * <pre>{@code
 * SpringApplication application = new SpringApplication(AuthServerApplication.class);
 * application.addListeners(new DevelopmentCertificatesListener("authserver.dev-certificates"));
 * application.run(args);
 * }</pre>
 */
public class DevelopmentCertificatesListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final Log logger = LogFactory.getLog(DevelopmentCertificatesListener.class);

	private final String prefix;

	/**
	 * @param prefix where the server's {@link DevelopmentCertificatesProperties} are,
	 * such as {@code authserver.dev-certificates}
	 */
	public DevelopmentCertificatesListener(String prefix) {
		this.prefix = prefix;
	}

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		DevelopmentCertificatesProperties properties = Binder.get(event.getEnvironment())
			.bindOrCreate(prefix, Bindable.of(DevelopmentCertificatesProperties.class));
		if (!properties.generateIfMissing()) {
			return;
		}
		List<String> written = new DevelopmentCertificates(properties.directory()).ensure();
		if (!written.isEmpty()) {
			logger.info("Wrote development certificates " + written + " to " + properties.directory().toAbsolutePath());
		}
	}

}
