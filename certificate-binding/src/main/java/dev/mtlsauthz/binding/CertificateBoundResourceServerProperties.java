package dev.mtlsauthz.binding;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The resource-server side of RFC 8705 section 3, as
 * {@link CertificateBoundResourceServerAutoConfiguration} sets it up, under
 * {@code mtls-authz.resource-server}.
 *
 * @param enabled whether every {@code SecurityFilterChain} checks that a
 * certificate-bound access token comes with its certificate, and the auto-configured JWT
 * decoder leaves that check to it. {@code false} switches both off; the authorization
 * server does so because it checks bound tokens itself, on its userinfo endpoint only
 * @param requireBoundTokens whether an access token without {@code cnf.x5t#S256} is
 * refused as well ({@code 401 invalid_token}), for resources that accept only
 * sender-constrained tokens
 * @param requestClientCertificate whether the HTTPS connectors of the embedded Tomcat ask
 * every client for a certificate and accept any, CA-issued, self-signed or ephemeral: the
 * token names the right one by its thumbprint. Without it the TLS handshake refuses the
 * self-signed certificates RFC 8705 section 3 lets clients bind tokens to. A client
 * without a certificate still connects
 */
@ConfigurationProperties("mtls-authz.resource-server")
public record CertificateBoundResourceServerProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("false") boolean requireBoundTokens, @DefaultValue("true") boolean requestClientCertificate,
		String trustBundle) {

}
