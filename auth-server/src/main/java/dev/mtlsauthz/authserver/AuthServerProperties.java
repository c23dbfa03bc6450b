package dev.mtlsauthz.authserver;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.util.UriComponentsBuilder;

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
 * @param devCertificates the development PKI written at start when it is missing (the
 * server's {@code main} registers the listener that reads this before the context starts)
 */
@Validated
@ConfigurationProperties("authserver")
public record AuthServerProperties(@NotNull URI issuer, @Valid @DefaultValue Mtls mtls, @Valid @DefaultValue Keys keys,
		Resource clients, @DefaultValue List<SeededUser> users, @Valid @DefaultValue Registration registration,
		@Valid @DefaultValue Requests requests, @Valid @DefaultValue Purge purge,
		@NestedConfigurationProperty @DefaultValue DevelopmentCertificatesProperties devCertificates) {

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
	 */
	public record Mtls(@DefaultValue("true") boolean enabled, @DefaultValue("8444") int port, URI baseUrl,
			@DefaultValue("true") boolean alwaysEmitConfirmationClaim, @DefaultValue List<Resource> trustAnchors,
			@DefaultValue("30s") Duration jwksRefreshMinInterval) {

		public URI baseUrlFor(URI issuer) {
			if (baseUrl != null) {
				return baseUrl;
			}
			return UriComponentsBuilder.fromUri(issuer).port(port).replacePath(null).build().toUri();
		}
	}

	/**
	 * @param algorithm the JWS algorithm of access and ID tokens: RS256 (default) or
	 * ES256
	 */
	public record Keys(@DefaultValue("RS256") @Pattern(regexp = "RS256|ES256") String algorithm) {
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
	 * @param interval the time between the end of one purge of expired authorizations and
	 * the start of the next
	 * @param batchSize the most rows one {@code DELETE} removes, so that no single
	 * transaction holds many locks or grows the undo log while tokens are being issued; a
	 * purge repeats batches until none is left
	 */
	public record Purge(@DefaultValue("5m") Duration interval, @DefaultValue("1000") @Min(1) int batchSize) {
	}

}
