package dev.mtlsauthz.authserver;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.util.UriComponentsBuilder;

import dev.mtlsauthz.authserver.admin.AdminProperties;
import dev.mtlsauthz.authserver.audit.AuditStorageProperties;
import dev.mtlsauthz.authserver.dpop.TokenEndpointDpopProperties;
import dev.mtlsauthz.authserver.errors.DatabaseUnavailableProperties;
import dev.mtlsauthz.authserver.fapi.FapiProperties;
import dev.mtlsauthz.authserver.keys.SigningAlgorithm;
import dev.mtlsauthz.authserver.metrics.MetricsProperties;
import dev.mtlsauthz.certs.DevelopmentCertificatesProperties;

/**
 * Everything that shapes this authorization server, under {@code authserver.*}: the one
 * tree of this server's own properties, each with its default visible to the
 * configuration metadata ({@code @DefaultValue}) and documented in
 * {@code application.yml} and the README.
 *
 * @param issuer the issuer identifier (RFC 8414 section 2), fixed so that tokens issued
 * at the mTLS aliases carry the same {@code iss} as those issued at the main endpoints
 * @param mtls the mutual-TLS endpoint and the RFC 8705 behaviour
 * @param keys the token signing keys
 * @param clients a JSON array of RFC 7591 / RFC 8705 client metadata documents, upserted
 * at start
 * @param users users seeded at start (for development and demos; empty in production)
 * @param registration dynamic client registration (RFC 7591)
 * @param requests how many requests the server works on at once
 * @param purge how often expired authorizations are deleted
 * @param sessions sign-in sessions, kept in the database
 * @param cluster what keeps several instances on one database consistent
 * @param throttling how failed client-secret and password authentications slow guessing
 * @param devCertificates the development PKI written at start when it is missing (the
 * server's {@code main} registers the listener that reads this before the context starts)
 * @param tokenLifetimes the longest lifetime of each kind of token, whatever a client's
 * metadata asks for
 * @param clientAuthentication limits on client assertions (RFC 7523)
 * @param fetch how the server fetches URLs that clients registered ({@code jwks_uri})
 * @param admin the operator's side: the admin API's scope and the console's operators
 * @param audit how long audit events are kept in the database
 * @param metrics the connector that alone serves Prometheus' scrape
 * @param fapi the FAPI 2.0 Security Profile and its building blocks
 * @param dpop DPoP (RFC 9449) at the token endpoint
 * @param databaseUnavailable what a request refused while the database is unreachable is
 * told
 */
@Validated
@ConfigurationProperties("authserver")
public record AuthServerProperties(@NotNull URI issuer, @Valid @DefaultValue Mtls mtls, @Valid @DefaultValue Keys keys,
		Resource clients, @DefaultValue List<SeededUser> users, @Valid @DefaultValue Registration registration,
		@Valid @DefaultValue Requests requests, @Valid @DefaultValue Purge purge,
		@Valid @DefaultValue Sessions sessions, @Valid @DefaultValue Cluster cluster,
		@Valid @DefaultValue Throttling throttling,
		@NestedConfigurationProperty @DefaultValue DevelopmentCertificatesProperties devCertificates,
		@Valid @DefaultValue TokenLifetimes tokenLifetimes,
		@Valid @DefaultValue ClientAuthentication clientAuthentication, @Valid @DefaultValue Fetch fetch,
		@Valid @NestedConfigurationProperty @DefaultValue AdminProperties admin,
		@Valid @NestedConfigurationProperty @DefaultValue AuditStorageProperties audit,
		@Valid @NestedConfigurationProperty @DefaultValue MetricsProperties metrics,
		@Valid @NestedConfigurationProperty @DefaultValue FapiProperties fapi,
		@Valid @NestedConfigurationProperty @DefaultValue TokenEndpointDpopProperties dpop,
		@Valid @NestedConfigurationProperty @DefaultValue DatabaseUnavailableProperties databaseUnavailable) {

	/** Where the development certificates are configured, for the listener. */
	public static final String DEV_CERTIFICATES = "authserver.dev-certificates";

	/**
	 * @param enabled whether the mTLS connector runs and discovery advertises
	 * {@code mtls_endpoint_aliases}
	 * @param port the local port of the mTLS connector
	 * @param baseUrl the public base URL of the mTLS endpoints; defaults to the issuer's
	 * scheme and host with {@code port}. Set it when the mTLS endpoints live on another
	 * host name ({@code https://mtls.example.com}); behind a TLS-terminating proxy with
	 * the connector off, it is the proxy's host that asks for client certificates, and
	 * without it no aliases are advertised
	 * @param alwaysEmitConfirmationClaim bind every access token issued to a client that
	 * presented a certificate, whatever its authentication method (RFC 8705 section 3,
	 * "MAY be bound ... independent of client authentication")
	 * @param trustAnchors PEM files of the CAs that {@code tls_client_auth} certificates
	 * must chain to
	 * @param jwksRefreshMinInterval the shortest interval between two fetches of one
	 * client's {@code jwks_uri} triggered by an unknown certificate
	 * @param revocation revocation checking of {@code tls_client_auth} chains
	 */
	public record Mtls(@DefaultValue("true") boolean enabled, @DefaultValue("8444") int port, URI baseUrl,
			@DefaultValue("true") boolean alwaysEmitConfirmationClaim, @DefaultValue List<Resource> trustAnchors,
			@DefaultValue("30s") Duration jwksRefreshMinInterval, @Valid @DefaultValue Revocation revocation) {

		public URI baseUrlFor(URI issuer) {
			if (baseUrl != null) {
				return baseUrl;
			}
			return UriComponentsBuilder.fromUri(issuer).port(port).replacePath(null).build().toUri();
		}
	}

	/**
	 * Revocation checking of the chains of {@code tls_client_auth} certificates (RFC 8705
	 * section 2.1, RFC 5280 section 6.3, RFC 6960): each certificate of the validated
	 * path is checked with the OCSP responder it names, or else the CRL at its
	 * distribution point.
	 *
	 * @param mode for chains that end at an anchor not listed in {@code anchors}: off,
	 * soft-fail (refused only when known to be revoked) or hard-fail (also refused when
	 * the status cannot be learnt)
	 * @param anchors the mode for chains that end at particular trust anchors
	 * @param cacheTimeToLive how long an OCSP response or a CRL is reused, never beyond
	 * its own nextUpdate; the cache is in each instance's memory and safe to lose
	 * @param timeout how long fetching one OCSP response or CRL may take
	 * @param maxResponseSize the largest OCSP response or CRL, in bytes
	 */
	public record Revocation(@DefaultValue("off") RevocationMode mode, @DefaultValue List<AnchorRevocation> anchors,
			@DefaultValue("5m") Duration cacheTimeToLive, @DefaultValue("5s") Duration timeout,
			@DefaultValue("1048576") @Min(1) int maxResponseSize) {
	}

	/**
	 * @param certificate PEM file of trust anchors (as in {@code trust-anchors}) whose
	 * chains get {@code mode}
	 * @param mode off, soft-fail or hard-fail
	 */
	public record AnchorRevocation(@NotNull Resource certificate, @NotNull RevocationMode mode) {
	}

	/** How a revocation check that cannot learn a certificate's status ends. */
	public enum RevocationMode {

		/** No check. */
		OFF,
		/** A revoked certificate is refused; one whose status cannot be learnt is not. */
		SOFT_FAIL,
		/** Only a certificate known not to be revoked is accepted. */
		HARD_FAIL

	}

	/**
	 * The token signing keys and their life (docs/authorization-server.md, "Signing
	 * keys").
	 *
	 * @param algorithm the JWS algorithm of access tokens: RS256 (default), PS256, ES256
	 * or EdDSA. A change is a rotation: the new algorithm's key is published first and
	 * signs after {@code rotation.publish-ahead}
	 * @param idTokenAlgorithm the JWS algorithm of ID tokens; unset means
	 * {@code algorithm}. OpenID Connect's default is RS256, which clients that register
	 * no {@code id_token_signed_response_alg} expect
	 * @param refreshInterval how often every instance reads the key set from the database
	 * and runs the rotation check: the longest an instance takes to see a change made by
	 * another
	 * @param jwksMaxAge the {@code Cache-Control: max-age} of the JWK Set: how long
	 * resource servers may keep it
	 * @param rotation when keys are rotated and removed
	 * @param encryption the key-encryption keys of the private keys at rest
	 */
	public record Keys(@DefaultValue("RS256") SigningAlgorithm algorithm, SigningAlgorithm idTokenAlgorithm,
			@DefaultValue("1m") Duration refreshInterval, @DefaultValue("5m") Duration jwksMaxAge,
			@Valid @DefaultValue Rotation rotation, @Valid @DefaultValue Encryption encryption) {

		public Keys {
			if (rotation.publishAhead().compareTo(refreshInterval.plus(jwksMaxAge)) < 0) {
				throw new IllegalArgumentException("authserver.keys.rotation.publish-ahead (" + rotation.publishAhead()
						+ ") must cover the refresh interval of every instance plus the time resource servers cache "
						+ "the JWK Set (authserver.keys.refresh-interval + authserver.keys.jwks-max-age = "
						+ refreshInterval.plus(jwksMaxAge) + "), or a token could be signed with a key a resource "
						+ "server has not fetched yet");
			}
			if (rotation.enabled() && rotation.interval().compareTo(rotation.publishAhead()) <= 0) {
				throw new IllegalArgumentException("authserver.keys.rotation.interval (" + rotation.interval()
						+ ") must be longer than authserver.keys.rotation.publish-ahead (" + rotation.publishAhead()
						+ ")");
			}
		}

		/**
		 * The algorithm of ID tokens: {@code idTokenAlgorithm}, else {@code algorithm}.
		 */
		public SigningAlgorithm idTokenAlgorithmOrDefault() {
			return idTokenAlgorithm != null ? idTokenAlgorithm : algorithm;
		}

		/** Every algorithm that has a key: access tokens' first. */
		public List<SigningAlgorithm> signingAlgorithms() {
			return idTokenAlgorithmOrDefault() == algorithm ? List.of(algorithm)
					: List.of(algorithm, idTokenAlgorithmOrDefault());
		}

	}

	/**
	 * @param enabled whether keys are rotated every {@code interval}; on-demand rotation
	 * and algorithm changes work either way
	 * @param interval how long a key signs before the next one takes over
	 * @param publishAhead how long a next key is published before it signs; at least
	 * {@code refresh-interval + jwks-max-age} (checked at start), longer when resource
	 * servers cache the JWK Set longer than {@code jwks-max-age} says
	 * @param retention how long a retired key stays published at least; it stays longer
	 * while a token it signed may be valid (the longest JWT lifetime of any client, or
	 * the ID token's 30 minutes, plus {@code clock-skew} and {@code refresh-interval})
	 * @param clockSkew how far the clocks of verifiers may lag behind this server's
	 */
	public record Rotation(@DefaultValue("true") boolean enabled, @DefaultValue("30d") Duration interval,
			@DefaultValue("1h") Duration publishAhead, @DefaultValue("1d") Duration retention,
			@DefaultValue("60s") Duration clockSkew) {
	}

	/**
	 * @param keyId the id of the key-encryption key (in {@code keys}) that encrypts new
	 * private keys; keys under another one are encrypted again under this one by the next
	 * rotation check
	 * @param keys key-encryption keys by id, each the base64 of 32 random bytes
	 * (AES-256): keep the ones that still encrypt stored keys until every instance runs
	 * with the new {@code key-id}. The {@code development} key of {@code application.yml}
	 * is public, and refused under the {@code production} profile
	 */
	public record Encryption(@DefaultValue("development") String keyId, @DefaultValue Map<String, String> keys) {
	}

	/**
	 * A user and the OpenID Connect standard claims of their profile (OpenID Connect Core
	 * 1.0 section 5.1).
	 *
	 * @param username the login name, and the {@code sub} of their tokens
	 * @param password the password, hashed before it is stored
	 * @param name {@code name}: the full name, as shown on the consent page
	 * @param givenName {@code given_name}
	 * @param familyName {@code family_name}
	 * @param email {@code email}
	 * @param emailVerified {@code email_verified}
	 * @param locale {@code locale}, a BCP 47 language tag
	 */
	public record SeededUser(@NotNull String username, @NotNull String password, String name, String givenName,
			String familyName, String email, @DefaultValue("false") boolean emailVerified, String locale) {
	}

	/**
	 * @param scopes the scopes a dynamically registered client may ask for; a
	 * registration that names another is {@code invalid_client_metadata}
	 */
	public record Registration(@DefaultValue( {
			"openid", "profile", "email", "api.read", "api.write" }) List<String> scopes){
	}

	/**
	 * @param maxConcurrent how many requests work at once; the others wait, first come
	 * first served. 0 (the default) means four per processor, which on two cores kept the
	 * p99 of token requests near 20 ms at full throughput (bench/README.md); raise it
	 * when requests spend much of their time waiting for a remote database
	 * @param maxWait how long a request may wait for its turn before it is answered 503
	 * temporarily_unavailable
	 */
	public record Requests(@DefaultValue("0") @PositiveOrZero int maxConcurrent,
			@DefaultValue("10s") Duration maxWait) {

		public int maxConcurrentOrDefault() {
			return maxConcurrent > 0 ? maxConcurrent : 4 * Runtime.getRuntime().availableProcessors();
		}
	}

	/**
	 * @param interval the time between two purges of expired authorizations, on whichever
	 * instance of a cluster runs it (once per interval across the cluster)
	 * @param batchSize the most rows one {@code DELETE} removes, so that no single
	 * transaction holds many locks or grows the undo log while tokens are being issued; a
	 * purge repeats batches until none is left
	 * @param housekeepingInterval with the default H2 file database and its durable
	 * commits ({@code WRITE_DELAY=0}), how often the file's unused space is freed and
	 * sparse chunks are compacted (H2's own background writer, which would do it, does
	 * not run then); per instance
	 */
	public record Purge(@DefaultValue("5m") Duration interval, @DefaultValue("1000") @Min(1) int batchSize,
			@DefaultValue("1s") Duration housekeepingInterval) {
	}

	/**
	 * Sign-in sessions, in the database (Spring Session JDBC) so that any instance serves
	 * any request of a sign-in. Their lifetime is Spring Boot's
	 * {@code server.servlet.session.timeout}.
	 *
	 * @param cleanupInterval how often expired sessions are deleted, once per interval
	 * across the cluster
	 */
	public record Sessions(@DefaultValue("1m") Duration cleanupInterval) {
	}

	/**
	 * @param clientCacheTimeToLive how long an instance may answer from its cached copy
	 * of a client registration. A change made at any instance reaches the others' caches
	 * within milliseconds through PostgreSQL {@code LISTEN/NOTIFY}; this bounds how stale
	 * a copy can be when such a notice is lost (while the listener reconnects)
	 * @param listenerCheckInterval how long the notification listener waits for a notice
	 * before it checks that its connection is alive, and how long it waits before it
	 * reconnects after a drop
	 */
	public record Cluster(@DefaultValue("5s") Duration clientCacheTimeToLive,
			@DefaultValue("10s") Duration listenerCheckInterval) {
	}

	/**
	 * The longest lifetime of each kind of token (RFC 6749 section 4.1.2 recommends at
	 * most ten minutes for an authorization code). A seeded client whose
	 * {@code access_token_ttl} is longer stops the server at start; a stored registration
	 * that asks for longer is cut to these when it is read, so that no lifetime can
	 * overflow an expiry time.
	 *
	 * @param maxAccessToken the longest access token lifetime
	 * @param maxRefreshToken the longest refresh token lifetime
	 * @param maxAuthorizationCode the longest authorization code lifetime
	 * @param maxDeviceCode the longest device code lifetime (RFC 8628)
	 */
	public record TokenLifetimes(@DefaultValue("1h") @NotNull Duration maxAccessToken,
			@DefaultValue("30d") @NotNull Duration maxRefreshToken,
			@DefaultValue("10m") @NotNull Duration maxAuthorizationCode,
			@DefaultValue("30m") @NotNull Duration maxDeviceCode) {
	}

	/**
	 * @param maxAssertionLifetime the longest a {@code private_key_jwt} or
	 * {@code client_secret_jwt} assertion (RFC 7523 section 3) may be valid: both
	 * {@code exp - iat} and {@code exp} from now. Its {@code jti} is remembered that long
	 * (plus the clock skew allowed), so that it works once
	 */
	public record ClientAuthentication(@DefaultValue("5m") @NotNull Duration maxAssertionLifetime) {
	}

	/**
	 * How the server fetches a URL that a client registered ({@code jwks_uri}): https
	 * only, redirects not followed, to public addresses only (checked after the name is
	 * resolved, and the connection made to the checked address), within a time and a
	 * size.
	 *
	 * @param allowedNetworks addresses or CIDR blocks ({@code 10.0.0.0/8},
	 * {@code 127.0.0.1/32}, {@code ::1/128}) that may be fetched although they are
	 * loopback, private, link-local or otherwise special; empty by default
	 * @param connectTimeout how long connecting may take
	 * @param timeout how long the whole fetch may take, body included
	 * @param maxSize the largest response body, in bytes
	 * @param sslBundle the SSL bundle ({@code spring.ssl.bundle.*}) whose trust store the
	 * fetched servers' certificates must chain to; the JDK's default trust store when not
	 * set
	 */
	public record Fetch(@DefaultValue List<String> allowedNetworks, @DefaultValue("2s") Duration connectTimeout,
			@DefaultValue("5s") Duration timeout, @DefaultValue("65536") @Min(1) int maxSize, String sslBundle) {
	}

	/**
	 * Lockouts after failed authentications with a guessable secret: a client secret
	 * ({@code client_secret_basic}, {@code client_secret_post},
	 * {@code client_secret_jwt}) or a user's password. Failures are counted in the
	 * database under three keys, each with its own limit (0 turns a key off); once a key
	 * reaches its limit, every further failure locks it for twice as long as the last,
	 * from {@code firstLockout} up to {@code maxLockout}.
	 *
	 * @param enabled whether failed authentications are counted and locked out
	 * @param failuresPerIdentityAndAddress failures of one user or client from one source
	 * address that lock that address out of that account (and no one else)
	 * @param failuresPerIdentity failures of one user or client from any address that
	 * lock the account for everyone; failures from an address already locked out of the
	 * account do not count, so that one address alone cannot lock its owner out
	 * @param failuresPerAddress failures from one source address, whatever the accounts
	 * tried, that lock that address out of every account
	 * @param firstLockout the first lockout of a key
	 * @param maxLockout the longest lockout, so that no one is locked out for long
	 * @param forgetAfter how long after its last failure (or the end of its lockout) a
	 * key's failures are forgotten
	 */
	public record Throttling(@DefaultValue("true") boolean enabled,
			@DefaultValue("5") @PositiveOrZero int failuresPerIdentityAndAddress,
			@DefaultValue("20") @PositiveOrZero int failuresPerIdentity,
			@DefaultValue("50") @PositiveOrZero int failuresPerAddress, @DefaultValue("1s") Duration firstLockout,
			@DefaultValue("15m") Duration maxLockout, @DefaultValue("1h") Duration forgetAfter) {
	}

}
