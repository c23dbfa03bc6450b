package dev.mtlsauthz.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.StringUtils;

import dev.mtlsauthz.certs.KeyAlgorithm;

/**
 * The one OAuth 2.0 client of an application that calls RFC 8705 APIs, under
 * {@code mtls-authz.client}.
 *
 * @param enabled whether the starter configures anything; it also needs
 * {@code issuer-uri}
 * @param issuerUri the authorization server's issuer identifier; its metadata (RFC 8414,
 * else OpenID Connect Discovery) gives the {@code mtls_endpoint_aliases} (RFC 8705
 * section 5), read on the first token request
 * @param registrationId the id of the {@code ClientRegistration} in Spring Security
 * @param clientId the client's {@code client_id}
 * @param clientSecret the client secret, for {@code client_secret_basic} and
 * {@code client_secret_post}
 * @param authenticationMethod {@code client_secret_basic}, {@code client_secret_post},
 * {@code private_key_jwt}, {@code tls_client_auth} or
 * {@code self_signed_tls_client_auth}; unset means {@code client_secret_basic} when a
 * secret is set, else {@code tls_client_auth}
 * @param scope the scopes asked for with the {@code client_credentials} grant
 * @param trustBundle the SSL bundle whose trust store the issuer's and the APIs' server
 * certificates must chain to; unset means the trust store of {@code certificate.bundle}
 * if it has one, else the JDK's
 * @param certificate the client certificate presented to the issuer's aliases and to the
 * APIs
 * @param privateKeyJwt how {@code private_key_jwt} signs its client assertion
 */
@ConfigurationProperties("mtls-authz.client")
public record MtlsClientProperties(@DefaultValue("true") boolean enabled, URI issuerUri,
		@DefaultValue("mtls-authz") String registrationId, String clientId, String clientSecret,
		String authenticationMethod, @DefaultValue List<String> scope, String trustBundle,
		@DefaultValue Certificate certificate, @DefaultValue PrivateKeyJwt privateKeyJwt) {

	private static final Set<ClientAuthenticationMethod> SUPPORTED = Set.of(
			ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST,
			ClientAuthenticationMethod.PRIVATE_KEY_JWT, ClientAuthenticationMethod.TLS_CLIENT_AUTH,
			ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH);

	public MtlsClientProperties {
		scope = List.copyOf(scope);
	}

	/**
	 * The client authentication method, as set or as implied by the other settings.
	 * @throws IllegalStateException when the settings do not fit together, naming the
	 * property to set
	 */
	public ClientAuthenticationMethod clientAuthenticationMethod() {
		require(StringUtils.hasText(clientId), "client-id must be set");
		ClientAuthenticationMethod method = StringUtils.hasText(authenticationMethod)
				? new ClientAuthenticationMethod(authenticationMethod.strip()) : StringUtils.hasText(clientSecret)
						? ClientAuthenticationMethod.CLIENT_SECRET_BASIC : ClientAuthenticationMethod.TLS_CLIENT_AUTH;
		require(SUPPORTED.contains(method), "authentication-method " + method.getValue() + " is not one of "
				+ SUPPORTED.stream().map(ClientAuthenticationMethod::getValue).sorted().toList());
		if (method.getValue().startsWith("client_secret")) {
			require(StringUtils.hasText(clientSecret), "client-secret must be set for " + method.getValue());
		}
		if (method.getValue().contains("tls_client_auth")) {
			require(StringUtils.hasText(certificate.bundle()),
					"certificate.bundle must name the SSL bundle of the " + "registered certificate for "
							+ method.getValue() + " (an ephemeral one is unknown to the issuer)");
		}
		if (ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(method)) {
			require(StringUtils.hasText(privateKeyJwt.bundle()) || StringUtils.hasText(certificate.bundle()),
					"private-key-jwt.bundle (or certificate.bundle) must name the SSL bundle of the signing key");
		}
		return method;
	}

	/** The SSL bundle whose key signs {@code private_key_jwt} assertions. */
	public String privateKeyJwtBundle() {
		return StringUtils.hasText(privateKeyJwt.bundle()) ? privateKeyJwt.bundle() : certificate.bundle();
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalStateException("mtls-authz.client." + message);
		}
	}

	/**
	 * @param bundle the SSL bundle (for example {@code spring.ssl.bundle.pem.<name>})
	 * whose key store holds the client's certificate and key; it is read again when
	 * Spring Boot reloads the bundle. Unset means an ephemeral certificate
	 * @param ephemeral the self-signed certificate made when no bundle is set
	 */
	public record Certificate(String bundle, @DefaultValue Ephemeral ephemeral) {

	}

	/**
	 * A certificate the client makes for itself (RFC 8705 section 3: binding needs no
	 * CA), kept in memory only and made anew before it expires; tokens bound to the old
	 * one are then requested again.
	 *
	 * @param subject its subject; unset means {@code CN=} and the client id
	 * @param validity how long each certificate is valid
	 * @param renewBefore how long before it expires a certificate is replaced; requests
	 * under way with a token bound to the old one finish with the old one
	 * @param keyAlgorithm {@code EC_P256} or {@code RSA_2048}
	 */
	public record Ephemeral(String subject, @DefaultValue("1h") Duration validity,
			@DefaultValue("10m") Duration renewBefore, @DefaultValue("EC_P256") KeyAlgorithm keyAlgorithm) {

		public Ephemeral {
			if (renewBefore.compareTo(validity) >= 0) {
				throw new IllegalArgumentException("mtls-authz.client.certificate.ephemeral.renew-before ("
						+ renewBefore + ") must be shorter than its validity (" + validity + ")");
			}
		}

	}

	/**
	 * @param bundle the SSL bundle whose key signs the client assertion (RS256 for an RSA
	 * key, ES256 for a P-256 key); unset means {@code certificate.bundle}
	 */
	public record PrivateKeyJwt(String bundle) {

	}

}
