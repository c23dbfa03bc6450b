package dev.mtlsauthz.dpop;

import org.springframework.http.HttpHeaders;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.resource.OAuth2ResourceServerConfigurer;
import org.springframework.security.oauth2.server.resource.authentication.DPoPAuthenticationProvider;

/**
 * DPoP-bound access tokens (RFC 9449 section 7) on a resource server's
 * {@code SecurityFilterChain}, built on Spring Security's own support
 * ({@code oauth2ResourceServer(resourceServer -> resourceServer.dPoP(...))}, its
 * {@code DPoPAuthenticationConverter} and {@code DPoPAuthenticationProvider}), to which
 * it adds:
 * <ul>
 * <li>{@link DpopProofVerifier} as the provider's proof verifier: the {@code alg}
 * allow-list, normalised {@code htu}, the {@code iat} window, nonces and a replay cache
 * shared through the database;</li>
 * <li>{@link DpopChallenges}: precise descriptions, {@code use_dpop_nonce} with
 * {@code DPoP-Nonce}, and the {@code algs} accepted;</li>
 * <li>a fresh {@code DPoP-Nonce} on every accepted request while nonces are on.</li>
 * </ul>
 * A DPoP-bound token presented as a bearer token is refused by Spring Security's
 * {@code BearerTokenAuthenticationFilter} itself ({@code invalid_token}). A chain that is
 * not a resource server (no {@code oauth2ResourceServer(...)}) is left alone, so the
 * auto-configuration can add this configurer to every chain:
 *
 * <pre>{@code
 * http.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
 *     .with(DpopAccessTokens.dpopAccessTokens(verifier), Customizer.withDefaults());
 * }</pre>
 */
public final class DpopAccessTokens extends AbstractHttpConfigurer<DpopAccessTokens, HttpSecurity> {

	private final DpopProofVerifier verifier;

	private final DpopChallenges challenges;

	private DpopAccessTokens(DpopProofVerifier verifier) {
		this.verifier = verifier;
		this.challenges = new DpopChallenges(verifier);
	}

	public static DpopAccessTokens dpopAccessTokens(DpopProofVerifier verifier) {
		return new DpopAccessTokens(verifier);
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		OAuth2ResourceServerConfigurer<HttpSecurity> configurer = http
			.getConfigurer(OAuth2ResourceServerConfigurer.class);
		if (configurer == null) {
			return;
		}
		configurer.dPoP(dpop -> dpop.authenticationFailureHandler(challenges)
			.authenticationSuccessHandler((request, response, authentication) -> {
				if (verifier.nonces() != null) {
					response.setHeader(DpopNonces.HEADER, verifier.nonces().current());
				}
			}));
		configurer.withObjectPostProcessor(new ProofVerifierPostProcessor(verifier));
		// Spring Security exempts bearer requests from CSRF protection, not DPoP ones: a
		// DPoP request carries no cookie a forged request could ride on either.
		CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
		if (csrf != null) {
			csrf.ignoringRequestMatchers(
					request -> DpopRequests.isDpopScheme(request.getHeader(HttpHeaders.AUTHORIZATION)));
		}
	}

	/**
	 * Gives Spring Security's provider our verifier; a class rather than a lambda, so
	 * that the configurer's post-processors can tell the type it applies to.
	 */
	private static final class ProofVerifierPostProcessor implements ObjectPostProcessor<DPoPAuthenticationProvider> {

		private final DpopProofVerifier verifier;

		private ProofVerifierPostProcessor(DpopProofVerifier verifier) {
			this.verifier = verifier;
		}

		@Override
		public <O extends DPoPAuthenticationProvider> O postProcess(O provider) {
			provider.setDPoPProofVerifierFactory(verifier);
			return provider;
		}

	}

}
