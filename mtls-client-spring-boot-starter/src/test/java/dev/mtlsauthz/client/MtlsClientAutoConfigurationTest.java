package dev.mtlsauthz.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.interfaces.ECPublicKey;
import java.util.Map;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.KeyAlgorithm;
import dev.mtlsauthz.certs.Pem;
import dev.mtlsauthz.client.certificate.ClientCertificateSource;
import dev.mtlsauthz.client.certificate.EphemeralClientCertificate;
import dev.mtlsauthz.client.certificate.SslBundleClientCertificate;
import dev.mtlsauthz.mtls.X5tS256;
import dev.mtlsauthz.testing.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

class MtlsClientAutoConfigurationTest {

	private static final FakeIssuer ISSUER = new FakeIssuer();

	private static final IssuedCertificate REGISTERED = TestPki.issued(TestPki.fromCa("CN=registered client"));

	private static final IssuedCertificate SIGNING = CertificateBuilder.subject("CN=assertion signer")
		.keyAlgorithm(KeyAlgorithm.EC_P256)
		.selfSigned();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, MtlsClientAutoConfiguration.class))
		.withPropertyValues("mtls-authz.client.issuer-uri=" + ISSUER.issuer(), "mtls-authz.client.client-id=client",
				"mtls-authz.client.scope=api.read",
				"spring.ssl.bundle.pem.ca.truststore.certificate=" + TestPki.file("ca.crt").toUri());

	@AfterAll
	static void stopIssuer() {
		ISSUER.close();
	}

	@Test
	void nothingWithoutAnIssuerOrWhenDisabled() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MtlsClientAutoConfiguration.class))
			.run(context -> assertThat(context).doesNotHaveBean(MtlsClientProperties.class));
		runner.withPropertyValues("mtls-authz.client.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(RestClient.class));
	}

	@Test
	void aClientSecretAloneMeansClientSecretBasicWithAnEphemeralCertificateAtTheAlias() {
		runner.withPropertyValues("mtls-authz.client.client-secret=s3cret", "mtls-authz.client.trust-bundle=ca")
			.run(context -> {
				assertThat(context.getBean(ClientCertificateSource.class))
					.isInstanceOf(EphemeralClientCertificate.class);
				IssuedCertificate ephemeral = context.getBean(ClientCertificateSource.class).current();
				assertThat(ephemeral.subject()).isEqualTo("CN=client");

				JsonNode api = callApi(context.getBean(MtlsClientAutoConfiguration.REST_CLIENT, RestClient.class));

				FakeIssuer.Request token = last(ISSUER.tokenRequests());
				assertThat(token.authorization()).startsWith("Basic ");
				assertThat(token.values("client_secret")).isEmpty();
				assertThat(token.values("scope")).containsExactly("api.read");
				assertThat(token.certificate()).isEqualTo(ephemeral.certificate());
				assertThat(api.get("x5t#S256").asString()).isEqualTo(X5tS256.of(ephemeral.certificate()).value());
				assertThat(api.get("authorization").asString()).startsWith("Bearer token-");
			});
	}

	@Test
	void tlsClientAuthPresentsTheBundlesCertificateAndSendsItsClientIdOnceWithoutASecret() {
		runner.withPropertyValues(bundle("registered", REGISTERED)).run(context -> {
			assertThat(context.getBean(ClientCertificateSource.class)).isInstanceOf(SslBundleClientCertificate.class);

			JsonNode api = callApi(context.getBean(RestClient.class));

			FakeIssuer.Request token = last(ISSUER.tokenRequests());
			assertThat(token.authorization()).isNull();
			assertThat(token.values("client_id")).containsExactly("client");
			assertThat(token.values("grant_type")).containsExactly("client_credentials");
			assertThat(token.certificate()).isEqualTo(REGISTERED.certificate());
			assertThat(api.get("x5t#S256").asString()).isEqualTo(X5tS256.of(REGISTERED.certificate()).value());
		});
	}

	@Test
	void privateKeyJwtSignsTheAssertionForTheAliasWithTheBundlesKey() {
		runner
			.withPropertyValues("mtls-authz.client.authentication-method=private_key_jwt",
					"mtls-authz.client.private-key-jwt.bundle=signer", "mtls-authz.client.trust-bundle=ca")
			.withPropertyValues(bundle("signer", SIGNING))
			.run(context -> {
				callApi(context.getBean(RestClient.class));

				FakeIssuer.Request token = last(ISSUER.tokenRequests());
				assertThat(token.values("client_assertion_type"))
					.containsExactly("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
				SignedJWT assertion = SignedJWT.parse(token.values("client_assertion").get(0));
				assertThat(assertion.verify(new ECDSAVerifier((ECPublicKey) SIGNING.certificate().getPublicKey())))
					.isTrue();
				assertThat(assertion.getJWTClaimsSet().getAudience())
					.containsExactly(ISSUER.issuer() + "/mtls/oauth2/token");
				assertThat(assertion.getJWTClaimsSet().getSubject()).isEqualTo("client");
				assertThat(token.authorization()).isNull();
			});
	}

	@Test
	void theTokenIsRequestedOnceAndReused() {
		runner.withPropertyValues("mtls-authz.client.client-secret=s3cret", "mtls-authz.client.trust-bundle=ca")
			.run(context -> {
				RestClient rest = context.getBean(RestClient.class);
				int before = ISSUER.tokenRequests().size();

				String first = callApi(rest).get("authorization").asString();
				String second = callApi(rest).get("authorization").asString();

				assertThat(second).isEqualTo(first);
				assertThat(ISSUER.tokenRequests()).hasSize(before + 1);
			});
	}

	@Test
	void theApplicationStartsWhileTheIssuerIsDown() {
		runner
			.withPropertyValues("mtls-authz.client.issuer-uri=https://localhost:1", "mtls-authz.client.client-secret=x")
			.run(context -> assertThat(context).hasNotFailed().hasBean(MtlsClientAutoConfiguration.REST_CLIENT));
	}

	@Test
	void settingsThatDoNotFitTogetherStopTheApplicationNamingTheProperty() {
		runner.run(context -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("mtls-authz.client.certificate.bundle must name the SSL bundle"));
		runner.withPropertyValues("mtls-authz.client.authentication-method=client_secret_post")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mtls-authz.client.client-secret must be set"));
		runner.withPropertyValues("mtls-authz.client.client-id=", "mtls-authz.client.client-secret=x")
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("mtls-authz.client.client-id must be set"));
		runner.withPropertyValues("mtls-authz.client.authentication-method=client_secret_jwt")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("is not one of"));
		runner
			.withPropertyValues("mtls-authz.client.client-secret=x",
					"mtls-authz.client.certificate.ephemeral.renew-before=2h")
			.run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("renew-before"));
	}

	@Test
	void applicationBeansReplaceTheStartersBeans() {
		runner.withUserConfiguration(OwnBeans.class)
			.withPropertyValues("mtls-authz.client.client-secret=x")
			.run(context -> {
				assertThat(context.getBean(ClientCertificateSource.class)).isSameAs(OwnBeans.CERTIFICATE);
				assertThat(context.getBean(MtlsClientAutoConfiguration.REST_CLIENT)).isSameAs(OwnBeans.REST_CLIENT);
				assertThat(context.getBean(MtlsClientAutoConfiguration.AUTHORIZED_CLIENT_MANAGER))
					.isSameAs(OwnBeans.MANAGER);
			});
	}

	@Test
	void aWebClientOnlyWithSpringWebFlux() {
		runner.withPropertyValues("mtls-authz.client.client-secret=x")
			.run(context -> assertThat(context).hasBean(MtlsClientAutoConfiguration.WEB_CLIENT));
		runner.withPropertyValues("mtls-authz.client.client-secret=x")
			.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run(context -> assertThat(context).doesNotHaveBean(MtlsClientAutoConfiguration.WEB_CLIENT));
	}

	@Test
	void theWebClientSendsTheTokenWithItsCertificate() {
		runner.withPropertyValues("mtls-authz.client.client-secret=s3cret", "mtls-authz.client.trust-bundle=ca")
			.run(context -> {
				String body = context.getBean(MtlsClientAutoConfiguration.WEB_CLIENT, WebClient.class)
					.get()
					.uri(ISSUER.issuer() + "/api")
					.retrieve()
					.bodyToMono(String.class)
					.block();
				JsonNode api = JsonMapper.shared().readTree(body);

				assertThat(api.get("authorization").asString()).startsWith("Bearer token-");
				assertThat(api.get("x5t#S256").asString()).isEqualTo(
						X5tS256.of(context.getBean(ClientCertificateSource.class).current().certificate()).value());
			});
	}

	@Test
	void configurationMetadataShowsTheDefaults() throws IOException {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.shared().readTree(in);
		}
		Map<String, String> defaults = new java.util.TreeMap<>();
		metadata.get("properties")
			.valueStream()
			.filter(property -> property.has("defaultValue"))
			.forEach(
					property -> defaults.put(property.get("name").asString(), property.get("defaultValue").asString()));
		assertThat(defaults).containsEntry("mtls-authz.client.enabled", "true")
			.containsEntry("mtls-authz.client.registration-id", "mtls-authz")
			.containsEntry("mtls-authz.client.certificate.ephemeral.validity", "1h")
			.containsEntry("mtls-authz.client.certificate.ephemeral.renew-before", "10m")
			.containsEntry("mtls-authz.client.certificate.ephemeral.key-algorithm", "EC_P256");
	}

	private static JsonNode callApi(RestClient rest) {
		return JsonMapper.shared()
			.readTree(rest.get().uri(URI.create(ISSUER.issuer() + "/api")).retrieve().body(String.class));
	}

	private static <T> T last(java.util.List<T> list) {
		return list.get(list.size() - 1);
	}

	/** An SSL bundle holding {@code certificate}, its key and the test CA. */
	private static String[] bundle(String name, IssuedCertificate certificate) {
		java.nio.file.Path directory = TestPki.DIRECTORY.resolve("bundles");
		try {
			java.nio.file.Files.createDirectories(directory);
			java.nio.file.Path crt = directory.resolve(name + ".crt");
			java.nio.file.Path key = directory.resolve(name + ".key");
			java.nio.file.Files.writeString(crt, Pem.encode(certificate.chain()));
			java.nio.file.Files.writeString(key, Pem.encode(certificate.privateKey()));
			String prefix = "spring.ssl.bundle.pem." + name + ".";
			return new String[] { "mtls-authz.client.certificate.bundle=" + name,
					prefix + "keystore.certificate=" + crt.toUri(), prefix + "keystore.private-key=" + key.toUri(),
					prefix + "truststore.certificate=" + TestPki.file("ca.crt").toUri() };
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		static final ClientCertificateSource CERTIFICATE = TestPki::ephemeral;

		static final RestClient REST_CLIENT = RestClient.create();

		static final OAuth2AuthorizedClientManager MANAGER = request -> null;

		@Bean
		ClientCertificateSource ownCertificate() {
			return CERTIFICATE;
		}

		@Bean(MtlsClientAutoConfiguration.REST_CLIENT)
		RestClient ownRestClient() {
			return REST_CLIENT;
		}

		@Bean(MtlsClientAutoConfiguration.AUTHORIZED_CLIENT_MANAGER)
		OAuth2AuthorizedClientManager ownManager() {
			return MANAGER;
		}

	}

}
