package dev.mtlsauthz.authserver.mtls;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.ProtocolHandler;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.mtls.AcceptAnyClientCertificateTrustManager;
import dev.mtlsauthz.mtls.ClientCertificateProperties;

/**
 * The mTLS endpoints ({@link MtlsEndpoints}), and the second Tomcat connector that serves
 * them as the {@code mtls_endpoint_aliases} (RFC 8705 section 5), unless
 * {@code authserver.mtls.enabled} is false. It asks every client for a certificate and
 * accepts any certificate at the TLS layer, because the application decides: PKIX for
 * {@code tls_client_auth}, a key match for {@code self_signed_tls_client_auth}, and
 * nothing at all for a certificate that only binds tokens, where possession of its key is
 * the whole proof. The main connector never asks for a certificate, so browsers never see
 * a certificate prompt at the issuer.
 */
@Configuration(proxyBeanMethods = false)
class MtlsConfiguration {

	@Bean
	MtlsEndpoints mtlsEndpoints(AuthServerProperties properties, AuthorizationServerSettings settings,
			ClientCertificateProperties clientCertificates) {
		return new MtlsEndpoints(properties, settings,
				clientCertificates.source() == ClientCertificateProperties.Source.HEADER);
	}

	/**
	 * Runs after Spring Boot's own customizers (it has the lowest precedence), so that
	 * the connector customizers Spring Boot registered for {@code server.tomcat.*}
	 * (worker pool, keep-alive, timeouts, limits) are there to be applied to this
	 * connector as well: Spring Boot applies them to the main connector only.
	 */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	@ConditionalOnProperty(name = "authserver.mtls.enabled", matchIfMissing = true)
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> mtlsConnector(AuthServerProperties properties,
			ServerProperties serverProperties, SslBundles sslBundles) {
		return factory -> {
			Connector connector = connector(properties.mtls().port(),
					sslBundles.getBundle(serverProperties.getSsl().getBundle()));
			ProtocolHandler handler = connector.getProtocolHandler();
			LambdaSafe
				.callbacks(TomcatProtocolHandlerCustomizer.class, factory.getProtocolHandlerCustomizers(), handler)
				.invoke(customizer -> customizer.customize(handler));
			factory.getConnectorCustomizers().forEach(customizer -> customizer.customize(connector));
			factory.addAdditionalConnectors(connector);
		};
	}

	@Bean
	@ConditionalOnProperty(name = "authserver.mtls.enabled", matchIfMissing = true)
	FilterRegistrationBean<MtlsConnectorFilter> mtlsConnectorFilter(MtlsEndpoints endpoints) {
		FilterRegistrationBean<MtlsConnectorFilter> registration = new FilterRegistrationBean<>(
				new MtlsConnectorFilter(endpoints));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	private static Connector connector(int port, SslBundle bundle) {
		Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
		connector.setPort(port);
		connector.setScheme("https");
		connector.setSecure(true);
		AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) connector.getProtocolHandler();
		protocol.setSSLEnabled(true);
		SSLHostConfig host = new SSLHostConfig();
		host.setHostName(protocol.getDefaultSSLHostConfigName());
		host.setProtocols("TLSv1.2+TLSv1.3");
		host.setCertificateVerification("optionalNoCA");
		host.setTrustManagerClassName(AcceptAnyClientCertificateTrustManager.class.getName());
		SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host,
				SSLHostConfigCertificate.Type.UNDEFINED);
		String storePassword = bundle.getStores().getKeyStorePassword();
		certificate.setCertificateKeystorePassword(storePassword != null ? storePassword : "");
		if (bundle.getKey().getPassword() != null) {
			certificate.setCertificateKeyPassword(bundle.getKey().getPassword());
		}
		if (bundle.getKey().getAlias() != null) {
			certificate.setCertificateKeyAlias(bundle.getKey().getAlias());
		}
		certificate.setCertificateKeystore(bundle.getStores().getKeyStore());
		host.addCertificate(certificate);
		protocol.addSslHostConfig(host);
		return connector;
	}

}
