package dev.mtlsauthz.binding;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Adds proof of possession for certificate-bound access tokens (RFC 8705 section 3) to a
 * resource server's {@code SecurityFilterChain}, next to
 * {@code oauth2ResourceServer(...)}:
 *
 * <pre>{@code
 * http.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
 *     .with(CertificateBoundAccessTokens.certificateBoundAccessTokens(), binding -> binding.requireBoundTokens(false));
 * }</pre>
 *
 * It inserts {@link CertificateBoundAccessTokenFilter} after
 * {@link BearerTokenAuthenticationFilter}. For JWTs, build the decoder's validator
 * without Spring's own {@code X509CertificateThumbprintValidator} (which
 * {@code JwtValidators.createDefault*} adds): it reads only the servlet attribute and
 * answers with a less precise description, so it would shadow this check.
 */
public final class CertificateBoundAccessTokens
		extends AbstractHttpConfigurer<CertificateBoundAccessTokens, HttpSecurity> {

	private boolean requireBoundTokens;

	private AuthenticationEntryPoint authenticationEntryPoint;

	private CertificateBoundAccessTokens() {
	}

	public static CertificateBoundAccessTokens certificateBoundAccessTokens() {
		return new CertificateBoundAccessTokens();
	}

	/**
	 * Whether tokens without {@code cnf.x5t#S256} are refused as well; {@code false} by
	 * default.
	 */
	public CertificateBoundAccessTokens requireBoundTokens(boolean requireBoundTokens) {
		this.requireBoundTokens = requireBoundTokens;
		return this;
	}

	/**
	 * Who answers a refused request; {@code BearerTokenAuthenticationEntryPoint} by
	 * default.
	 */
	public CertificateBoundAccessTokens authenticationEntryPoint(AuthenticationEntryPoint authenticationEntryPoint) {
		this.authenticationEntryPoint = authenticationEntryPoint;
		return this;
	}

	@Override
	public void configure(HttpSecurity http) {
		CertificateBoundAccessTokenFilter filter = new CertificateBoundAccessTokenFilter(
				new CertificateBoundAccessTokenVerifier(requireBoundTokens));
		if (authenticationEntryPoint != null) {
			filter.setAuthenticationEntryPoint(authenticationEntryPoint);
		}
		filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		http.addFilterAfter(postProcess(filter), BearerTokenAuthenticationFilter.class);
	}

}
