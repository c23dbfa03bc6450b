package dev.mtlsauthz.binding;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

import dev.mtlsauthz.mtls.ClientCertificateConnectorCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateBoundResourceServerAutoConfigurationTest {

	private static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://issuer.example/jwks";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CertificateBoundResourceServerAutoConfiguration.class,
				OAuth2ResourceServerAutoConfiguration.class));

	@Test
	void addsTheCheckToEveryFilterChainAndAsksTomcatForAnyCertificateByDefault() {
		runner.run(context -> {
			assertThat(context).hasBean(CertificateBoundResourceServerAutoConfiguration.CUSTOMIZER_BEAN_NAME);
			assertThat(context).hasSingleBean(ClientCertificateConnectorCustomizer.class);
			assertThat(context).doesNotHaveBean(JwtDecoder.class);
			assertThat(context.getBean(CertificateBoundResourceServerProperties.class))
				.isEqualTo(new CertificateBoundResourceServerProperties(true, false, true, null));
		});
	}

	@Test
	void decoderFromSpringBootsPropertiesIsOursAndSpringBootsBacksOff() {
		runner.withPropertyValues(JWK_SET_URI).run(context -> {
			assertThat(context).hasSingleBean(JwtDecoder.class);
			assertThat(context.getBean(JwtDecoder.class)).isInstanceOf(NimbusJwtDecoder.class);
			assertThat(context.getBeanNamesForType(JwtDecoder.class)).containsExactly("jwtDecoder");
		});
		runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=https://issuer.example")
			.run(context -> assertThat(context.getBean(JwtDecoder.class)).isInstanceOf(SupplierJwtDecoder.class));
	}

	@Test
	void disabledLeavesTheFilterChainsAndTheDecoderToSpringBootButStillAsksForCertificates() {
		runner.withPropertyValues("mtls-authz.resource-server.enabled=false", JWK_SET_URI).run(context -> {
			assertThat(context).doesNotHaveBean(CertificateBoundResourceServerAutoConfiguration.CUSTOMIZER_BEAN_NAME);
			assertThat(context.getBeanNamesForType(JwtDecoder.class)).containsExactly("jwtDecoderByJwkKeySetUri");
			assertThat(context).hasSingleBean(ClientCertificateConnectorCustomizer.class);
		});
	}

	@Test
	void requestClientCertificateFalseLeavesTheConnectorAlone() {
		runner.withPropertyValues("mtls-authz.resource-server.request-client-certificate=false")
			.run(context -> assertThat(context).doesNotHaveBean(ClientCertificateConnectorCustomizer.class));
	}

	@Test
	void requireBoundTokensReachesTheProperties() {
		runner.withPropertyValues("mtls-authz.resource-server.require-bound-tokens=true")
			.run(context -> assertThat(
					context.getBean(CertificateBoundResourceServerProperties.class).requireBoundTokens())
				.isTrue());
	}

	@Test
	void applicationBeansReplaceEveryBeanOfTheStarter() {
		runner.withUserConfiguration(OwnBeans.class).withPropertyValues(JWK_SET_URI).run(context -> {
			assertThat(context.getBean(JwtDecoder.class)).isSameAs(OwnBeans.DECODER);
			assertThat(context.getBean(ClientCertificateConnectorCustomizer.class))
				.isSameAs(OwnBeans.CONNECTOR_CUSTOMIZER);
			assertThat(context.getBean(CertificateBoundResourceServerAutoConfiguration.CUSTOMIZER_BEAN_NAME))
				.isSameAs(OwnBeans.CHAIN_CUSTOMIZER);
		});
	}

	@Test
	void nothingOutsideAServletWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CertificateBoundResourceServerAutoConfiguration.class))
			.run(context -> {
				assertThat(context).doesNotHaveBean(CertificateBoundResourceServerProperties.class);
				assertThat(context).doesNotHaveBean(ClientCertificateConnectorCustomizer.class);
			});
	}

	@Test
	void configurationMetadataShowsEveryDefault() throws IOException {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.shared().readTree(in);
		}
		assertThat(metadata.get("properties")
			.valueStream()
			.filter(property -> property.get("name").asString().startsWith("mtls-authz.resource-server."))
			.filter(property -> !property.get("name").asString().startsWith("mtls-authz.resource-server.dpop."))
			.map(property -> property.get("name").asString() + "="
					+ (property.has("defaultValue") ? property.get("defaultValue").asString() : "(none)"))
			.toList()).containsExactlyInAnyOrder("mtls-authz.resource-server.enabled=true",
					"mtls-authz.resource-server.require-bound-tokens=false",
					"mtls-authz.resource-server.request-client-certificate=true",
					"mtls-authz.resource-server.trust-bundle=(none)");
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		static final JwtDecoder DECODER = token -> {
			throw new UnsupportedOperationException();
		};

		static final ClientCertificateConnectorCustomizer CONNECTOR_CUSTOMIZER = new ClientCertificateConnectorCustomizer();

		static final Customizer<HttpSecurity> CHAIN_CUSTOMIZER = http -> {
		};

		@Bean
		JwtDecoder ownDecoder() {
			return DECODER;
		}

		@Bean
		ClientCertificateConnectorCustomizer ownConnectorCustomizer() {
			return CONNECTOR_CUSTOMIZER;
		}

		@Bean(CertificateBoundResourceServerAutoConfiguration.CUSTOMIZER_BEAN_NAME)
		Customizer<HttpSecurity> ownChainCustomizer() {
			return CHAIN_CUSTOMIZER;
		}

	}

}
