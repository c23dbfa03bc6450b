package dev.mtlsauthz.authserver.binding;

import java.util.function.Consumer;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2ClientAuthenticationConfigurer;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.X509ClientCertificateAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenClaimsContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.X509ClientCertificateAuthenticationConverter;
import org.springframework.util.Assert;

import dev.mtlsauthz.authserver.clients.PublicClientWithoutPkceAuthenticationProvider;
import dev.mtlsauthz.authserver.clients.RegisteredMethodClientAuthenticationConverter;
import dev.mtlsauthz.binding.CertificateBoundAccessTokens;

/**
 * The issuing side of RFC 8705 in Spring Authorization Server, added to the authorization
 * server's filter chain with one {@code .with(...)}, as a resource server adds the
 * checking side, {@link CertificateBoundAccessTokens}:
 *
 * <pre>{@code
 * http.with(certificateBoundTokenIssuance(), issuance -> issuance
 *         .certificateVerifier(verifier)
 *         .alwaysEmitConfirmationClaim(true))
 *     .oauth2AuthorizationServer(server -> ...);
 * }</pre>
 *
 * It owns the certificate's way from client authentication to the {@code cnf} claim:
 * <ul>
 * <li>client authentication (section 2):
 * {@link RegisteredMethodClientAuthenticationConverter} in place of the stock
 * {@link X509ClientCertificateAuthenticationConverter}, and first, so that the client's
 * registration decides the method (not the length of the chain) and a
 * {@code code_verifier} does not turn a {@code tls_client_auth} client into a public one;
 * and the certificate verifier in the stock
 * {@link X509ClientCertificateAuthenticationProvider}, since the mTLS connector accepts
 * any certificate at the TLS layer;</li>
 * <li>the presented certificate, recorded on the client's authentication
 * ({@link CertificateBinding}) whatever the method;</li>
 * <li>the token generator: the stock {@link JwtGenerator} and
 * {@link OAuth2AccessTokenGenerator} with the application's {@link OAuth2TokenCustomizer}
 * beans, as Spring Authorization Server builds its default generator, each followed by
 * the binding's {@code cnf} (section 3);</li>
 * <li>a public client's refresh (section 4) and device flow (RFC 8628 section 3):
 * {@link PublicClientWithoutPkceAuthenticationProvider} identifies the client,
 * {@link BoundRefreshTokenGenerator} issues the refresh token only with a certificate,
 * and {@link CertificateBinding} keeps it bound.</li>
 * </ul>
 * Apply it <em>before</em> {@code oauth2AuthorizationServer(...)}: Spring Authorization
 * Server's configurer reads its client authentication providers and its token generator
 * when it is initialised, and an {@code HttpSecurity} initialises its configurers in the
 * order they were applied. Applied after it, this configurer would come too late to
 * change them, so it stops the filter chain from being built instead.
 */
public final class CertificateBoundTokenIssuance
		extends AbstractHttpConfigurer<CertificateBoundTokenIssuance, HttpSecurity> {

	private Consumer<OAuth2ClientAuthenticationContext> certificateVerifier;

	private boolean alwaysEmitConfirmationClaim;

	private boolean initialisedBeforeAuthorizationServer;

	private CertificateBoundTokenIssuance() {
	}

	public static CertificateBoundTokenIssuance certificateBoundTokenIssuance() {
		return new CertificateBoundTokenIssuance();
	}

	/**
	 * Decides whether a presented certificate authenticates a {@code tls_client_auth} or
	 * {@code self_signed_tls_client_auth} client (RFC 8705 section 2); required.
	 */
	public CertificateBoundTokenIssuance certificateVerifier(
			Consumer<OAuth2ClientAuthenticationContext> certificateVerifier) {
		this.certificateVerifier = certificateVerifier;
		return this;
	}

	/**
	 * Whether every access token issued to a client that presented a certificate is bound
	 * to it, whatever the client's authentication method (RFC 8705 section 3); otherwise
	 * only clients that authenticated with the certificate, registered
	 * {@code tls_client_certificate_bound_access_tokens} or are public. {@code false} by
	 * default.
	 */
	public CertificateBoundTokenIssuance alwaysEmitConfirmationClaim(boolean alwaysEmitConfirmationClaim) {
		this.alwaysEmitConfirmationClaim = alwaysEmitConfirmationClaim;
		return this;
	}

	@Override
	public void init(HttpSecurity http) {
		Assert.state(certificateVerifier != null, "CertificateBoundTokenIssuance needs a certificateVerifier");
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		RegisteredClientRepository clients = context.getBean(RegisteredClientRepository.class);
		String deviceAuthorizationEndpoint = context.getBean(AuthorizationServerSettings.class)
			.getDeviceAuthorizationEndpoint();
		CertificateBinding binding = new CertificateBinding(alwaysEmitConfirmationClaim);
		binding.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		// Post-processed, so that an application may decorate the generator (the audit).
		http.oauth2AuthorizationServer(server -> server.tokenGenerator(postProcess(tokenGenerator(context, binding)))
			.clientAuthentication(clientAuthentication -> clientAuthentication(clientAuthentication, clients,
					deviceAuthorizationEndpoint, binding, context.getBeanProvider(AuthenticationEventPublisher.class)))
			.withObjectPostProcessor(verifyingCertificates()));
	}

	@Override
	public void configure(HttpSecurity http) {
		Assert.state(initialisedBeforeAuthorizationServer,
				"Apply CertificateBoundTokenIssuance before oauth2AuthorizationServer(...): Spring Authorization Server "
						+ "reads its client authentication providers and token generator when it is initialised, which "
						+ "happened before this configurer could change them");
	}

	/**
	 * RFC 8705 section 2 decided by the client's registration, a public client's refresh
	 * (section 4) identified, and the presented certificate recorded for the binding.
	 */
	private static void clientAuthentication(OAuth2ClientAuthenticationConfigurer clientAuthentication,
			RegisteredClientRepository clients, String deviceAuthorizationEndpoint, CertificateBinding binding,
			ObjectProvider<AuthenticationEventPublisher> events) {
		clientAuthentication.authenticationConverters(converters -> {
			converters.removeIf(X509ClientCertificateAuthenticationConverter.class::isInstance);
			RegisteredMethodClientAuthenticationConverter converter = new RegisteredMethodClientAuthenticationConverter(
					clients, deviceAuthorizationEndpoint);
			events.ifAvailable(converter::setAuthenticationEventPublisher);
			converters.add(0, converter);
		})
			.authenticationProvider(new PublicClientWithoutPkceAuthenticationProvider(clients))
			.authenticationSuccessHandler(binding.clientAuthenticationSuccessHandler());
	}

	/**
	 * Puts the certificate verifier into the stock X.509 client authentication provider
	 * as Spring Authorization Server creates it, and notes that this configurer came in
	 * time to do so.
	 */
	private ObjectPostProcessor<X509ClientCertificateAuthenticationProvider> verifyingCertificates() {
		return new ObjectPostProcessor<>() {
			@Override
			public <O extends X509ClientCertificateAuthenticationProvider> O postProcess(O provider) {
				provider.setCertificateVerifier(certificateVerifier);
				initialisedBeforeAuthorizationServer = true;
				return provider;
			}
		};
	}

	private static OAuth2TokenGenerator<?> tokenGenerator(ApplicationContext context, CertificateBinding binding) {
		JwtGenerator jwts = new JwtGenerator(jwtEncoder(context));
		jwts.setJwtCustomizer(then(customizer(context, JwtEncodingContext.class), binding.jwt()));
		OAuth2AccessTokenGenerator references = new OAuth2AccessTokenGenerator();
		references
			.setAccessTokenCustomizer(then(customizer(context, OAuth2TokenClaimsContext.class), binding.reference()));
		return new DelegatingOAuth2TokenGenerator(jwts, references, new BoundRefreshTokenGenerator());
	}

	/**
	 * The application's {@link JwtEncoder}, else one over its {@link JWKSource}, as
	 * Spring Authorization Server finds them for its default generator.
	 */
	private static JwtEncoder jwtEncoder(ApplicationContext context) {
		return context.getBeanProvider(JwtEncoder.class).getIfAvailable(() -> {
			@SuppressWarnings("unchecked")
			JWKSource<SecurityContext> keys = context.getBean(JWKSource.class);
			return new NimbusJwtEncoder(keys);
		});
	}

	/**
	 * The application's customizer for one kind of token context, found by its generic
	 * type as Spring Authorization Server finds it for its default generator.
	 */
	private static <T extends OAuth2TokenContext> OAuth2TokenCustomizer<T> customizer(ApplicationContext context,
			Class<T> contextType) {
		return context
			.<OAuth2TokenCustomizer<T>>getBeanProvider(
					ResolvableType.forClassWithGenerics(OAuth2TokenCustomizer.class, contextType))
			.getIfAvailable(() -> tokenContext -> {
			});
	}

	private static <T extends OAuth2TokenContext> OAuth2TokenCustomizer<T> then(OAuth2TokenCustomizer<T> first,
			OAuth2TokenCustomizer<T> second) {
		return context -> {
			first.customize(context);
			second.customize(context);
		};
	}

}
