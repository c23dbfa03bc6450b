package dev.mtlsauthz.authserver.fapi;

import java.util.List;
import java.util.Map;

import dev.mtlsauthz.authserver.discovery.MetadataContribution;
import dev.mtlsauthz.authserver.jarm.ResponseMode;
import dev.mtlsauthz.authserver.jarm.SignedResponses;
import dev.mtlsauthz.authserver.requestobjects.RequestObjectAlgorithms;

/**
 * What both metadata documents say about this feature, each entry something that works:
 * <ul>
 * <li>{@code authorization_response_iss_parameter_supported} (RFC 9207 section 3);</li>
 * <li>{@code require_pushed_authorization_requests} (RFC 9126 section 5), when the server
 * requires it of every client
 * ({@code authserver.fapi.require-pushed-authorization-requests} or the FAPI 2.0 profile
 * for all);</li>
 * <li>{@code request_parameter_supported},
 * {@code request_object_signing_alg_values_supported} (RFC 9101 section 10.5, OpenID
 * Connect Discovery section 3), and {@code request_uri_parameter_supported: false}: a
 * {@code request_uri} is only one this server issued at its PAR endpoint, never a URL the
 * server would fetch;</li>
 * <li>{@code response_modes_supported} and
 * {@code authorization_signing_alg_values_supported} (JARM section 4.1);</li>
 * <li>{@code introspection_signing_alg_values_supported} (RFC 9701 section 6);</li>
 * <li>{@code code_challenge_methods_supported}: {@code S256} only, which is all that
 * Spring Authorization Server accepts.</li>
 * </ul>
 * The signing algorithm is read from the key set at every request, as it follows
 * rotations and algorithm changes.
 */
class FapiMetadata implements MetadataContribution {

	private final FapiProperties properties;

	private final SignedResponses signer;

	FapiMetadata(FapiProperties properties, SignedResponses signer) {
		this.properties = properties;
		this.signer = signer;
	}

	@Override
	public void contribute(Map<String, Object> metadata) {
		metadata.put("authorization_response_iss_parameter_supported", true);
		metadata.put(FapiClientMetadata.REQUIRE_PUSHED_AUTHORIZATION_REQUESTS,
				properties.requirePushedAuthorizationRequests() || properties.profile() == SecurityProfile.FAPI2);
		metadata.put("request_parameter_supported", true);
		metadata.put("request_uri_parameter_supported", false);
		metadata.put("request_object_signing_alg_values_supported", RequestObjectAlgorithms.SUPPORTED);
		metadata.put("response_modes_supported", ResponseMode.supported());
		List<String> signing = List.of(signer.algorithm());
		metadata.put("authorization_signing_alg_values_supported", signing);
		metadata.put("introspection_signing_alg_values_supported", signing);
		metadata.put("code_challenge_methods_supported", List.of("S256"));
	}

}
