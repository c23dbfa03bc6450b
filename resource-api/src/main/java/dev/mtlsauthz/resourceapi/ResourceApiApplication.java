package dev.mtlsauthz.resourceapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.mtlsauthz.certs.DevelopmentCertificatesListener;

/**
 * The companion resource server: its API accepts a certificate-bound access token only
 * from the holder of the bound certificate (RFC 8705 section 3).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ResourceApiApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ResourceApiApplication.class);
		application.addListeners(new DevelopmentCertificatesListener(ResourceApiProperties.DEV_CERTIFICATES));
		application.run(args);
	}

}
