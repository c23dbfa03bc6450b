package dev.mtlsauthz.dpop;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * DPoP (RFC 9449) at a resource server, as {@link DpopResourceServerAutoConfiguration}
 * sets it up, under {@code mtls-authz.resource-server.dpop}.
 *
 * @param enabled whether every {@code SecurityFilterChain} that is a resource server
 * accepts {@code Authorization: DPoP} access tokens with a valid {@code DPoP} proof, and
 * refuses a DPoP-bound token presented as a bearer token
 * @param algorithms the JWS algorithms a proof may be signed with (section 4.3, point 5):
 * asymmetric only, RSA and elliptic-curve ones; advertised in every challenge's
 * {@code algs}
 * @param proofLifetime how old a proof's {@code iat} may be (section 11.1); with
 * {@code clockSkew}, also how long its {@code jti} is remembered
 * @param clockSkew how far a client's clock may run ahead of or behind this server's
 * @param replayCache where the {@code jti} of accepted proofs are remembered:
 * {@code auto} (the database when the application has one {@code DataSource}, else this
 * instance's memory), {@code jdbc} or {@code in-memory}
 * @param replayPurgeInterval how often a database replay cache deletes the {@code jti} it
 * no longer needs, inline on a request of the instance whose turn it is; {@code 0} when
 * the application runs that purge itself
 * @param nonce server-provided nonces (section 9)
 */
@ConfigurationProperties("mtls-authz.resource-server.dpop")
public record DpopProperties(@DefaultValue("true") boolean enabled, @DefaultValue( {
		"ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512" }) List<String> algorithms,
		@DefaultValue("60s") Duration proofLifetime, @DefaultValue("5s") Duration clockSkew,
		@DefaultValue("auto") ReplayCache replayCache, @DefaultValue("1m") Duration replayPurgeInterval,
		@DefaultValue Nonce nonce){

	/** Where the {@code jti} of accepted proofs are remembered. */
	public enum ReplayCache {

		/** The database when there is one {@code DataSource}, else in memory. */
		AUTO,
		/** Table {@code dpop_proof_jti}, shared by every instance on the database. */
		JDBC,
		/** This instance's memory: a proof replayed to another instance is not seen. */
		IN_MEMORY

	}

	/**
	 * @param enabled whether a proof must carry a nonce this server provided (off by
	 * default: a nonce costs the client one more round trip, and replay within
	 * {@code proof-lifetime} is caught by the {@code jti} anyway; turn it on to limit
	 * proofs that a compromised client pre-computes for later use)
	 * @param secret the HMAC key nonces are made with, base64, at least 32 bytes: the
	 * same on every instance, so that a nonce one provided is valid on all; unset, a
	 * random key per instance (one instance only)
	 * @param rotation how long one nonce is provided before the next; a nonce is accepted
	 * for one to two rotations
	 */
	public record Nonce(@DefaultValue("false") boolean enabled, String secret, @DefaultValue("5m") Duration rotation) {

	}

}
