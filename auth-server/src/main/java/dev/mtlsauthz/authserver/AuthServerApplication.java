package dev.mtlsauthz.authserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.mtlsauthz.certs.DevelopmentCertificatesListener;

/**
 * The authorization server. Each feature package declares its own beans ({@code clients},
 * {@code tokens}, {@code keys}, {@code users}, {@code mtls}, {@code discovery},
 * {@code binding}, ...), and {@link SecurityConfiguration} lists what each changes in
 * Spring Authorization Server; docs/architecture.md maps them.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AuthServerApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(AuthServerApplication.class);
		application.addListeners(new DevelopmentCertificatesListener(AuthServerProperties.DEV_CERTIFICATES));
		application.run(args);
	}

}
