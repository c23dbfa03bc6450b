package dev.mtlsauthz.binding;

import org.apache.catalina.startup.Tomcat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;

import dev.mtlsauthz.mtls.ClientCertificateConnectorCustomizer;

import static dev.mtlsauthz.binding.CertificateBoundAccessTokens.certificateBoundAccessTokens;

/**
 * Turns a Spring Boot resource server into one that enforces certificate-bound access
 * tokens (RFC 8705 section 3) with no code of its own:
 * <ul>
 * <li>every {@code SecurityFilterChain}, the application's and Spring Boot's default one,
 * gets {@link CertificateBoundAccessTokens} (Spring Security applies every
 * {@code Customizer<HttpSecurity>} bean to every {@code HttpSecurity});</li>
 * <li>the JWT decoder built from {@code spring.security.oauth2.resourceserver.jwt.*}
 * leaves the binding to that check
 * ({@link ProofOfPossessionJwtDecoderConfiguration});</li>
 * <li>the embedded Tomcat's HTTPS connectors ask every client for a certificate and
 * accept any ({@link ClientCertificateConnectorCustomizer}).</li>
 * </ul>
 * Each bean backs off when the application declares its own, and
 * {@link CertificateBoundResourceServerProperties} switches the parts on and off. Where
 * the certificate comes from (the TLS connection or a trusted proxy) is
 * {@code ClientCertificateAutoConfiguration}'s business.
 */
@AutoConfiguration(
		beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ BearerTokenAuthenticationFilter.class, HttpSecurity.class })
@EnableConfigurationProperties(CertificateBoundResourceServerProperties.class)
public class CertificateBoundResourceServerAutoConfiguration {

	/** The name of the bean that adds the check to every filter chain. */
	public static final String CUSTOMIZER_BEAN_NAME = "certificateBoundAccessTokensCustomizer";

	private static final Log logger = LogFactory.getLog(CertificateBoundResourceServerAutoConfiguration.class);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "mtls-authz.resource-server.enabled", matchIfMissing = true)
	@Import(ProofOfPossessionJwtDecoderConfiguration.class)
	static class ProofOfPossessionConfiguration {

		/**
		 * Adds the proof-of-possession check to every {@code HttpSecurity}. A chain that
		 * applies {@link CertificateBoundAccessTokens} itself replaces this one's
		 * settings (a configurer of one type is applied once).
		 */
		@Bean(CUSTOMIZER_BEAN_NAME)
		@ConditionalOnMissingBean(name = CUSTOMIZER_BEAN_NAME)
		Customizer<HttpSecurity> certificateBoundAccessTokensCustomizer(
				CertificateBoundResourceServerProperties properties) {
			return http -> http.with(certificateBoundAccessTokens(),
					binding -> binding.requireBoundTokens(properties.requireBoundTokens()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "mtls-authz.resource-server.enabled", havingValue = false)
	static class ProofOfPossessionOffConfiguration {

		ProofOfPossessionOffConfiguration() {
			logger.warn("mtls-authz.resource-server.enabled is false: certificate-bound access tokens are accepted "
					+ "without their certificate unless a filter chain applies CertificateBoundAccessTokens itself");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tomcat.class)
	@ConditionalOnBooleanProperty(name = "mtls-authz.resource-server.request-client-certificate", matchIfMissing = true)
	static class ClientCertificateConnectorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ClientCertificateConnectorCustomizer clientCertificateConnectorCustomizer() {
			return new ClientCertificateConnectorCustomizer();
		}

	}

}
