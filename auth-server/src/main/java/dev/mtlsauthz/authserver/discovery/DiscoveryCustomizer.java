package dev.mtlsauthz.authserver.discovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadataClaimNames;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import dev.mtlsauthz.authserver.mtls.MtlsEndpoints;
import dev.mtlsauthz.authserver.users.UserProfile;
import dev.mtlsauthz.discovery.AuthorizationServerMetadata;

/**
 * What both metadata documents say, {@code /.well-known/oauth-authorization-server} (RFC
 * 8414) and {@code /.well-known/openid-configuration} (OpenID Connect Discovery 1.0):
 * <ul>
 * <li>the truth about mutual TLS (RFC 8705 section 5): {@code mtls_endpoint_aliases} for
 * every aliased endpoint the document advertises (when there are aliases:
 * {@link MtlsEndpoints#aliased()}), {@code tls_client_certificate_bound_access_tokens}
 * only when clients can present certificates, on the mTLS connector or through a trusted
 * proxy (the stock documents say {@code true} whatever the server does), and
 * authentication method lists that name exactly the methods that work;</li>
 * <li>in the OpenID provider configuration, the registration endpoint (RFC 7591), which
 * the stock document lists only when OpenID Connect client registration is on, the scopes
 * and claims the userinfo endpoint serves (section 3), and in
 * {@code id_token_signing_alg_values_supported} the algorithm whose key signs ID tokens
 * now (the stock document always says RS256), read from the key set at every request so
 * that it follows rotations and algorithm changes.</li>
 * </ul>
 * <p>
 * A bean, but not a {@code Customizer} bean: Spring Security applies every
 * {@code Customizer} bean to every filter chain ({@code HttpSecurityConfiguration}), and
 * this belongs to the authorization server's only; {@code SecurityConfiguration} applies
 * it there.
 */
public class DiscoveryCustomizer {

	/**
	 * The algorithms of client assertions that {@code clients/ClientAssertionDecoders}
	 * verifies: Spring Security's JWS algorithms, HMAC for {@code client_secret_jwt} and
	 * the signature algorithms for {@code private_key_jwt}.
	 */
	static final List<String> ASSERTION_SIGNING_ALGORITHMS = Stream
		.concat(Arrays.stream(SignatureAlgorithm.values()), Arrays.stream(MacAlgorithm.values()))
		.map(JwsAlgorithm::getName)
		.toList();

	private final MtlsEndpoints endpoints;

	private final AuthorizationServerSettings settings;

	private final Supplier<List<String>> idTokenSigningAlgorithms;

	private final List<MetadataContribution> contributions;

	/**
	 * @param idTokenSigningAlgorithms the algorithms that sign ID tokens now
	 */
	public DiscoveryCustomizer(MtlsEndpoints endpoints, AuthorizationServerSettings settings,
			Supplier<List<String>> idTokenSigningAlgorithms) {
		this(endpoints, settings, idTokenSigningAlgorithms, List.of());
	}

	/**
	 * @param contributions what other features add to both documents, after this
	 * customizer's own entries
	 */
	public DiscoveryCustomizer(MtlsEndpoints endpoints, AuthorizationServerSettings settings,
			Supplier<List<String>> idTokenSigningAlgorithms, List<MetadataContribution> contributions) {
		this.endpoints = endpoints;
		this.settings = settings;
		this.idTokenSigningAlgorithms = idTokenSigningAlgorithms;
		this.contributions = List.copyOf(contributions);
	}

	public void customize(OAuth2AuthorizationServerConfigurer server) {
		server
			.authorizationServerMetadataEndpoint(metadata -> metadata
				.authorizationServerMetadataCustomizer(builder -> builder.claims(this::customizeBoth)))
			.oidc(oidc -> oidc.providerConfigurationEndpoint(
					configuration -> configuration.providerConfigurationCustomizer(this::customize)));
	}

	void customize(OidcProviderConfiguration.Builder configuration) {
		configuration.clientRegistrationEndpoint(settings.getIssuer() + settings.getClientRegistrationEndpoint())
			.scopes(scopes -> scopes.addAll(UserProfile.SCOPES))
			.claim("claims_supported", UserProfile.CLAIMS)
			.idTokenSigningAlgorithms(algorithms -> {
				algorithms.clear();
				algorithms.addAll(idTokenSigningAlgorithms.get());
			})
			.claims(this::customizeBoth);
	}

	/** The entries of both documents: RFC 8705 section 5, then other features'. */
	void customizeBoth(Map<String, Object> metadata) {
		customizeMtls(metadata);
		contributions.forEach(contribution -> contribution.contribute(metadata));
	}

	/** RFC 8705 section 5, in either document. */
	void customizeMtls(Map<String, Object> metadata) {
		List<String> confidentialMethods = confidentialClientMethods();
		List<String> tokenEndpointMethods = new ArrayList<>(confidentialMethods);
		tokenEndpointMethods.add(ClientAuthenticationMethod.NONE.getValue());
		metadata.put("token_endpoint_auth_methods_supported", tokenEndpointMethods);
		replaceIfPresent(metadata, "introspection_endpoint_auth_methods_supported", confidentialMethods);
		replaceIfPresent(metadata, "revocation_endpoint_auth_methods_supported", confidentialMethods);
		// RFC 8414 section 2: required with client_secret_jwt and private_key_jwt listed.
		metadata.put("token_endpoint_auth_signing_alg_values_supported", ASSERTION_SIGNING_ALGORITHMS);
		putIfPresent(metadata, "introspection_endpoint_auth_methods_supported",
				"introspection_endpoint_auth_signing_alg_values_supported");
		putIfPresent(metadata, "revocation_endpoint_auth_methods_supported",
				"revocation_endpoint_auth_signing_alg_values_supported");
		metadata.put(OAuth2AuthorizationServerMetadataClaimNames.TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS,
				endpoints.receivesClientCertificates());
		if (endpoints.aliased()) {
			metadata.put(AuthorizationServerMetadata.MTLS_ENDPOINT_ALIASES, endpoints.aliasesFor(metadata));
		}
		else {
			metadata.remove(AuthorizationServerMetadata.MTLS_ENDPOINT_ALIASES);
		}
	}

	private List<String> confidentialClientMethods() {
		List<String> methods = new ArrayList<>(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
				ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue(),
				ClientAuthenticationMethod.CLIENT_SECRET_JWT.getValue(),
				ClientAuthenticationMethod.PRIVATE_KEY_JWT.getValue()));
		if (endpoints.receivesClientCertificates()) {
			methods.add(ClientAuthenticationMethod.TLS_CLIENT_AUTH.getValue());
			methods.add(ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH.getValue());
		}
		return methods;
	}

	private static void putIfPresent(Map<String, Object> metadata, String methods, String algorithms) {
		if (metadata.containsKey(methods)) {
			metadata.put(algorithms, ASSERTION_SIGNING_ALGORITHMS);
		}
	}

	private static void replaceIfPresent(Map<String, Object> metadata, String name, List<String> methods) {
		if (metadata.containsKey(name)) {
			metadata.put(name, List.copyOf(methods));
		}
	}

}
