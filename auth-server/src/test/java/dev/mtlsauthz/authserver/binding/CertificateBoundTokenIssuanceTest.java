package dev.mtlsauthz.authserver.binding;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.Filter;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;

import dev.mtlsauthz.mtls.ClientCertificates;
import dev.mtlsauthz.testing.TestPki;

import static dev.mtlsauthz.authserver.binding.CertificateBoundTokenIssuance.certificateBoundTokenIssuance;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order in which Spring Authorization Server's configurer and
 * {@link CertificateBoundTokenIssuance} are applied matters, because the authorization
 * server reads its client authentication providers when it is initialised: applied first,
 * the configurer's certificate verifier decides; applied after, the filter chain is not
 * built at all, rather than silently running the stock verifier, which trusts any
 * certificate the mTLS connector let through.
 */
class CertificateBoundTokenIssuanceTest {

	private static final List<X509Certificate[]> verified = new ArrayList<>();

	private final WebApplicationContextRunner contexts = new WebApplicationContextRunner()
		.withUserConfiguration(AuthorizationServer.class);

	@Test
	void appliedBeforeTheAuthorizationServerItsVerifierDecidesWhetherACertificateAuthenticatesTheClient() {
		contexts.withUserConfiguration(AppliedFirst.class).run(context -> {
			X509Certificate certificate = TestPki.ephemeral().certificate();
			MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
			request.addParameter("grant_type", "client_credentials");
			request.addParameter("client_id", "pki-client");
			request.setAttribute(ClientCertificates.SERVLET_ATTRIBUTE, new X509Certificate[] { certificate });
			MockHttpServletResponse response = new MockHttpServletResponse();
			verified.clear();

			context.getBean("springSecurityFilterChain", Filter.class)
				.doFilter(request, response, new MockFilterChain());

			assertThat(verified).singleElement().satisfies(chain -> assertThat(chain).containsExactly(certificate));
			assertThat(response.getStatus()).isEqualTo(401);
			assertThat(response.getContentAsString()).contains(OAuth2ErrorCodes.INVALID_CLIENT);
		});
	}

	@Test
	void appliedAfterTheAuthorizationServerItRefusesToBuildTheFilterChain() {
		contexts.withUserConfiguration(AppliedAfter.class)
			.run(context -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("Apply CertificateBoundTokenIssuance before oauth2AuthorizationServer"));
	}

	/** A verifier that notes what it saw and refuses it. */
	private static void refuse(OAuth2ClientAuthenticationContext context) {
		verified.add((X509Certificate[]) context.getAuthentication().getCredentials());
		throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class AuthorizationServer {

		@Bean
		RegisteredClientRepository registeredClientRepository() {
			return new InMemoryRegisteredClientRepository(RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId("pki-client")
				.clientAuthenticationMethod(ClientAuthenticationMethod.TLS_CLIENT_AUTH)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.build());
		}

		@Bean
		OAuth2AuthorizationService authorizationService() {
			return new InMemoryOAuth2AuthorizationService();
		}

		@Bean
		JWKSource<SecurityContext> jwkSource() throws Exception {
			return new ImmutableJWKSet<>(new JWKSet(new RSAKeyGenerator(2048).generate()));
		}

		@Bean
		AuthorizationServerSettings authorizationServerSettings() {
			return AuthorizationServerSettings.builder().issuer("https://localhost").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AppliedFirst {

		@Bean
		SecurityFilterChain authorizationServerEndpoints(HttpSecurity http) {
			http.with(certificateBoundTokenIssuance(),
					issuance -> issuance.certificateVerifier(CertificateBoundTokenIssuanceTest::refuse))
				.oauth2AuthorizationServer(server -> http.securityMatcher(server.getEndpointsMatcher()));
			return http.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AppliedAfter {

		@Bean
		SecurityFilterChain authorizationServerEndpoints(HttpSecurity http) {
			http.oauth2AuthorizationServer(server -> http.securityMatcher(server.getEndpointsMatcher()))
				.with(certificateBoundTokenIssuance(),
						issuance -> issuance.certificateVerifier(CertificateBoundTokenIssuanceTest::refuse));
			return http.build();
		}

	}

}
