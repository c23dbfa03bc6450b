package dev.mtlsauthz.client;

import java.time.Clock;
import java.util.function.Function;
import javax.naming.ldap.Rdn;
import javax.net.ssl.TrustManager;

import com.nimbusds.jose.jwk.JWK;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.mtlsauthz.client.MtlsClientProperties.Ephemeral;
import dev.mtlsauthz.client.certificate.ClientCertificateSource;
import dev.mtlsauthz.client.certificate.EphemeralClientCertificate;
import dev.mtlsauthz.client.certificate.SslBundleClientCertificate;
import dev.mtlsauthz.client.registration.MtlsClientRegistrations;
import dev.mtlsauthz.client.tls.MtlsClientHttpRequestFactory;
import dev.mtlsauthz.client.tls.MtlsConnections;
import dev.mtlsauthz.client.tls.MtlsExchangeFunction;
import dev.mtlsauthz.client.token.BearerTokenExchangeFilterFunction;
import dev.mtlsauthz.client.token.MtlsAuthorizedClients;
import dev.mtlsauthz.client.token.PrivateKeyJwtSigningKey;
import dev.mtlsauthz.discovery.RestClientMetadataRetriever;

/**
 * An application that calls RFC 8705 APIs, from {@code mtls-authz.client.*}
 * ({@link MtlsClientProperties}): the client certificate (an SSL bundle's, or an
 * ephemeral one), the connections that present it, Spring Security's OAuth 2.0 client at
 * the issuer's {@code mtls_endpoint_aliases}, and a {@code RestClient} (and, with Spring
 * WebFlux, a {@code WebClient}) that sends the client's bound token with the certificate
 * it is bound to. Every bean backs off when the application declares its own.
 * <p>
 * It needs {@code mtls-authz.client.issuer-uri}; without it the starter does nothing.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
		"org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
		"org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration" })
@ConditionalOnClass({ OAuth2AuthorizedClientManager.class, RestClient.class })
@ConditionalOnBooleanProperty(name = "mtls-authz.client.enabled", matchIfMissing = true)
@ConditionalOnProperty(prefix = "mtls-authz.client", name = "issuer-uri")
@EnableConfigurationProperties(MtlsClientProperties.class)
public class MtlsClientAutoConfiguration {

	/** The {@code RestClient} that calls the APIs. */
	public static final String REST_CLIENT = "mtlsRestClient";

	/** The {@code WebClient} that calls the APIs, with Spring WebFlux. */
	public static final String WEB_CLIENT = "mtlsWebClient";

	/** The {@code OAuth2AuthorizedClientManager} of the client's registration. */
	public static final String AUTHORIZED_CLIENT_MANAGER = "mtlsAuthorizedClientManager";

	@Bean
	@ConditionalOnMissingBean
	ClientCertificateSource mtlsClientCertificate(MtlsClientProperties properties, ObjectProvider<SslBundles> bundles) {
		// The first bean made: settings that do not fit together stop the application
		// here.
		properties.clientAuthenticationMethod();
		if (StringUtils.hasText(properties.certificate().bundle())) {
			return new SslBundleClientCertificate(bundles.getObject(), properties.certificate().bundle());
		}
		Ephemeral ephemeral = properties.certificate().ephemeral();
		String subject = StringUtils.hasText(ephemeral.subject()) ? ephemeral.subject()
				: "CN=" + Rdn.escapeValue(properties.clientId());
		return new EphemeralClientCertificate(subject, ephemeral.validity(), ephemeral.renewBefore(),
				ephemeral.keyAlgorithm(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	MtlsConnections mtlsConnections(ClientCertificateSource certificate, MtlsClientProperties properties,
			ObjectProvider<SslBundles> bundles) {
		return new MtlsConnections(certificate, trustManagers(properties, bundles), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	MtlsAuthorizedClients mtlsAuthorizedClients(MtlsClientProperties properties, MtlsConnections connections,
			ObjectProvider<SslBundles> bundles) {
		ClientAuthenticationMethod method = properties.clientAuthenticationMethod();
		RestClient discovery = RestClient.builder()
			.requestFactory(new MtlsClientHttpRequestFactory(connections))
			.build();
		ClientRegistrationRepository registrations = MtlsClientRegistrations
			.lazily(() -> MtlsClientRegistrations.of(properties.registrationId(), properties.clientId(),
					properties.clientSecret(), method, properties.scope(),
					RestClientMetadataRetriever.discover(properties.issuerUri(), discovery)));
		Function<ClientRegistration, JWK> signingKey = null;
		if (ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(method)) {
			JWK key = PrivateKeyJwtSigningKey
				.of(new SslBundleClientCertificate(bundles.getObject(), properties.privateKeyJwtBundle()).current());
			signingKey = registration -> key;
		}
		return new MtlsAuthorizedClients(registrations, properties.clientId(), connections, signingKey);
	}

	@Bean(AUTHORIZED_CLIENT_MANAGER)
	@ConditionalOnMissingBean(name = AUTHORIZED_CLIENT_MANAGER)
	OAuth2AuthorizedClientManager mtlsAuthorizedClientManager(MtlsAuthorizedClients clients) {
		return clients.manager();
	}

	@Bean(REST_CLIENT)
	@ConditionalOnMissingBean(name = REST_CLIENT)
	RestClient mtlsRestClient(MtlsAuthorizedClients clients,
			@Qualifier(AUTHORIZED_CLIENT_MANAGER) OAuth2AuthorizedClientManager manager, MtlsConnections connections,
			MtlsClientProperties properties, ObjectProvider<RestClient.Builder> builders) {
		return builders.getIfAvailable(RestClient::builder)
			.requestFactory(new MtlsClientHttpRequestFactory(connections))
			.requestInterceptor(clients.interceptor(manager, properties.registrationId()))
			.build();
	}

	private static TrustManager[] trustManagers(MtlsClientProperties properties, ObjectProvider<SslBundles> bundles) {
		String name = StringUtils.hasText(properties.trustBundle()) ? properties.trustBundle()
				: properties.certificate().bundle();
		if (!StringUtils.hasText(name)) {
			return null;
		}
		SslBundle bundle = bundles.getObject().getBundle(name);
		if (bundle.getStores().getTrustStore() == null) {
			if (StringUtils.hasText(properties.trustBundle())) {
				throw new IllegalStateException(
						"mtls-authz.client.trust-bundle: SSL bundle '" + name + "' has no trust store");
			}
			return null;
		}
		return bundle.getManagers().getTrustManagers();
	}

	/** With Spring WebFlux, a {@code WebClient} too. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebClient.class)
	static class WebClientConfiguration {

		@Bean(WEB_CLIENT)
		@ConditionalOnMissingBean(name = WEB_CLIENT)
		WebClient mtlsWebClient(MtlsAuthorizedClients clients,
				@Qualifier(AUTHORIZED_CLIENT_MANAGER) OAuth2AuthorizedClientManager manager,
				MtlsConnections connections, MtlsClientProperties properties,
				ObjectProvider<WebClient.Builder> builders) {
			return builders.getIfAvailable(WebClient::builder)
				.exchangeFunction(new MtlsExchangeFunction(connections))
				.filter(new BearerTokenExchangeFilterFunction(manager, clients.authorizedClients(),
						properties.registrationId(), clients.principal()))
				.build();
		}

	}

}
