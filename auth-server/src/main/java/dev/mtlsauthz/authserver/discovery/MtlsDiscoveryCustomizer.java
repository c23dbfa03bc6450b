package dev.mtlsauthz.authserver.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadataClaimNames;
import org.springframework.stereotype.Component;

import dev.mtlsauthz.authserver.mtls.MtlsEndpoints;

/**
 * Makes both metadata documents ({@code /.well-known/oauth-authorization-server}, RFC
 * 8414, and {@code /.well-known/openid-configuration}) tell the truth about mutual TLS
 * (RFC 8705 section 5): {@code mtls_endpoint_aliases} for every aliased endpoint the
 * document advertises, {@code tls_client_certificate_bound_access_tokens} only when the
 * mTLS connector runs, and authentication method lists that name exactly the methods that
 * work.
 */
@Component
public class MtlsDiscoveryCustomizer {

	public static final String MTLS_ENDPOINT_ALIASES = "mtls_endpoint_aliases";

	private final MtlsEndpoints endpoints;

	public MtlsDiscoveryCustomizer(MtlsEndpoints endpoints) {
		this.endpoints = endpoints;
	}

	public void customize(Map<String, Object> metadata) {
		List<String> confidentialMethods = confidentialClientMethods();
		List<String> tokenEndpointMethods = new ArrayList<>(confidentialMethods);
		tokenEndpointMethods.add(ClientAuthenticationMethod.NONE.getValue());
		metadata.put("token_endpoint_auth_methods_supported", tokenEndpointMethods);
		replaceIfPresent(metadata, "introspection_endpoint_auth_methods_supported", confidentialMethods);
		replaceIfPresent(metadata, "revocation_endpoint_auth_methods_supported", confidentialMethods);
		metadata.put(OAuth2AuthorizationServerMetadataClaimNames.TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS,
				endpoints.enabled());
		if (endpoints.enabled()) {
			metadata.put(MTLS_ENDPOINT_ALIASES, endpoints.aliasesFor(metadata));
		}
		else {
			metadata.remove(MTLS_ENDPOINT_ALIASES);
		}
	}

	private List<String> confidentialClientMethods() {
		List<String> methods = new ArrayList<>(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
				ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue(),
				ClientAuthenticationMethod.CLIENT_SECRET_JWT.getValue(),
				ClientAuthenticationMethod.PRIVATE_KEY_JWT.getValue()));
		if (endpoints.enabled()) {
			methods.add(ClientAuthenticationMethod.TLS_CLIENT_AUTH.getValue());
			methods.add(ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH.getValue());
		}
		return methods;
	}

	private static void replaceIfPresent(Map<String, Object> metadata, String name, List<String> methods) {
		if (metadata.containsKey(name)) {
			metadata.put(name, List.copyOf(methods));
		}
	}

}
