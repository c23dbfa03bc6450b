package dev.mtlsauthz.client.token;

import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.client.endpoint.AbstractOAuth2AuthorizationGrantRequest;
import org.springframework.security.oauth2.client.endpoint.AbstractRestClientOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.DefaultOAuth2TokenRequestParametersConverter;
import org.springframework.security.oauth2.client.endpoint.NimbusJwtClientAuthenticationParametersConverter;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The client authentication parameters that Spring Security's token response clients
 * leave out, added with
 * {@link AbstractRestClientOAuth2AccessTokenResponseClient#addParametersConverter}:
 * <ul>
 * <li>{@code tls_client_auth} and {@code self_signed_tls_client_auth} (RFC 8705 section
 * 2): the client authenticates with the certificate of the TLS connection, and the body
 * carries its {@code client_id}, which
 * {@link DefaultOAuth2TokenRequestParametersConverter} already adds for every method but
 * {@code client_secret_basic}. Nothing is added here; without a converter, though, the
 * token response client refuses these methods with "This class supports
 * client_secret_basic, client_secret_post, and none by default".</li>
 * <li>{@code private_key_jwt} (RFC 7523 section 2.2): a client assertion signed by
 * {@link NimbusJwtClientAuthenticationParametersConverter} with the registration's key;
 * its audience is the token endpoint the request goes to, the mTLS alias.</li>
 * </ul>
 */
public final class MutualTlsClientAuthenticationParametersConverter<T extends AbstractOAuth2AuthorizationGrantRequest>
		implements Converter<T, MultiValueMap<String, String>> {

	private final Converter<T, MultiValueMap<String, String>> privateKeyJwt;

	/**
	 * @param signingKey the key that signs {@code private_key_jwt} assertions for a
	 * registration; {@code null} when no registration uses that method
	 */
	public MutualTlsClientAuthenticationParametersConverter(Function<ClientRegistration, JWK> signingKey) {
		this.privateKeyJwt = signingKey != null ? new NimbusJwtClientAuthenticationParametersConverter<>(signingKey)
				: null;
	}

	@Override
	public MultiValueMap<String, String> convert(T grantRequest) {
		ClientAuthenticationMethod method = grantRequest.getClientRegistration().getClientAuthenticationMethod();
		if (ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(method) && privateKeyJwt != null) {
			return privateKeyJwt.convert(grantRequest);
		}
		return new LinkedMultiValueMap<>();
	}

}
