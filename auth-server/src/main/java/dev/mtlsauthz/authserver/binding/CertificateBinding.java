package dev.mtlsauthz.authserver.binding;

import java.security.cert.X509Certificate;
import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.mtls.ClientCertificates;
import dev.mtlsauthz.mtls.X5tS256;

/**
 * Decides which certificate, if any, an access token is bound to (RFC 8705 section 3). A
 * token is bound to the certificate the client presented on the connection that requested
 * it when
 * <ul>
 * <li>the client authenticated with that certificate ({@code tls_client_auth},
 * {@code self_signed_tls_client_auth});</li>
 * <li>{@code authserver.mtls.always-emit-confirmation-claim} is on, whatever the client
 * authentication method;</li>
 * <li>the client registered {@code tls_client_certificate_bound_access_tokens: true};
 * or</li>
 * <li>the client is public: its certificate is the only thing that can keep a stolen
 * token or refresh token useless (RFC 8705 section 4).</li>
 * </ul>
 * A client registered with {@code tls_client_certificate_bound_access_tokens: true} that
 * presents no certificate gets {@code invalid_request}, never an unbound token.
 */
@Component
public class CertificateBinding {

	static final String CERTIFICATE_REQUIRED = "a client certificate is required for certificate-bound tokens: call the "
			+ "token endpoint listed in mtls_endpoint_aliases and present the client's certificate";

	private final boolean alwaysEmitConfirmationClaim;

	public CertificateBinding(AuthServerProperties properties) {
		this.alwaysEmitConfirmationClaim = properties.mtls().alwaysEmitConfirmationClaim();
	}

	/** The thumbprint the access token of this context must be bound to, if any. */
	public Optional<X5tS256> confirmationFor(OAuth2TokenContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return Optional.empty();
		}
		OAuth2ClientAuthenticationToken client = clientAuthentication(context.getAuthorizationGrant());
		Optional<X509Certificate> certificate = authenticatedCertificate(client)
			.or(CertificateBinding::presentedCertificate);
		RegisteredClient registeredClient = context.getRegisteredClient();
		boolean required = registeredClient.getTokenSettings().isX509CertificateBoundAccessTokens();
		if (certificate.isEmpty()) {
			if (required) {
				throw new OAuth2AuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, CERTIFICATE_REQUIRED, null));
			}
			return Optional.empty();
		}
		boolean authenticatedWithCertificate = client != null && client.getCredentials() instanceof X509Certificate[];
		boolean publicClient = client != null
				&& ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod());
		if (authenticatedWithCertificate || alwaysEmitConfirmationClaim || required || publicClient) {
			return certificate.map(X5tS256::of);
		}
		return Optional.empty();
	}

	/**
	 * The leaf certificate on the current request's connection (or from a trusted proxy),
	 * if any.
	 */
	public static Optional<X509Certificate> presentedCertificate() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			return ClientCertificates.leaf(attributes.getRequest());
		}
		return Optional.empty();
	}

	private static Optional<X509Certificate> authenticatedCertificate(OAuth2ClientAuthenticationToken client) {
		if (client != null && client.getCredentials() instanceof X509Certificate[] chain && chain.length > 0) {
			return Optional.of(chain[0]);
		}
		return Optional.empty();
	}

	private static OAuth2ClientAuthenticationToken clientAuthentication(Authentication grant) {
		if (grant != null && grant.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) {
			return client;
		}
		return null;
	}

}
