package dev.mtlsauthz.authserver.dpop;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * DPoP (RFC 9449) at the token endpoint, under {@code authserver.dpop}. The userinfo
 * endpoint is a resource like any other and reads
 * {@code mtls-authz.resource-server.dpop.*} (certificate-binding's
 * {@code DpopProperties}); both share this server's replay cache and nonce key in the
 * database.
 *
 * @param nonce whether a DPoP proof at the token endpoint must carry a nonce this server
 * provided (section 8): off by default, as the {@code jti} already makes each proof work
 * once; turn it on to limit proofs a client could make in advance
 * @param nonceRotation how long one nonce is provided before the next, at the token
 * endpoint and the userinfo endpoint; a nonce is accepted for one to two rotations
 */
public record TokenEndpointDpopProperties(@DefaultValue("false") boolean nonce,
		@DefaultValue("5m") Duration nonceRotation) {

}
