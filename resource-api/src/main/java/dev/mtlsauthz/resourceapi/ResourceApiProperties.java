package dev.mtlsauthz.resourceapi;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The resource API's settings, under {@code resourceapi}.
 *
 * @param issuerUri the authorization server's issuer identifier; its metadata is read
 * from {@code /.well-known/openid-configuration} (or RFC 8414's
 * {@code /.well-known/oauth-authorization-server})
 * @param issuerTrustStore PEM file with the CA certificates trusted for HTTPS calls to
 * the issuer (discovery, JWKS, introspection); blank means the JDK's default trust store
 * @param clientId the API's own client id at the issuer, used to authenticate
 * introspection requests ({@code client_secret_basic}, RFC 7662 section 2.1)
 * @param clientSecret the API's client secret
 * @param requireBoundTokens whether access tokens without {@code cnf.x5t#S256} are
 * refused (RFC 8705 section 3)
 * @param introspectionCacheTtl how long an introspection result is reused; never beyond
 * the token's {@code exp}
 * @param devCertificates the development certificates created at start when missing
 * @param proofOfPossession whether the API checks that a bound token comes with its
 * certificate
 */
@ConfigurationProperties("resourceapi")
public record ResourceApiProperties(@DefaultValue("https://localhost:8443") URI issuerUri,
		@DefaultValue("certs/generated/ca.crt") String issuerTrustStore, @DefaultValue("resource-api") String clientId,
		@DefaultValue("resource-api-secret") String clientSecret, @DefaultValue("false") boolean requireBoundTokens,
		@DefaultValue("30s") Duration introspectionCacheTtl, @DefaultValue DevCertificates devCertificates,
		@DefaultValue ProofOfPossession proofOfPossession) {

	/**
	 * @param generateIfMissing whether missing, expiring or foreign development
	 * certificates are written at start, before the HTTPS connector reads its key (the
	 * same files the other servers use)
	 * @param directory where {@code DevelopmentCertificates} keeps them, relative to the
	 * working directory
	 */
	public record DevCertificates(@DefaultValue("true") boolean generateIfMissing,
			@DefaultValue("certs/generated") Path directory) {
	}

	/**
	 * @param enabled whether certificate-bound tokens are accepted only with the bound
	 * certificate (RFC 8705 section 3). {@code false} switches the check off entirely, so
	 * that a benchmark can measure its cost (bench/README.md); never in production: a
	 * stolen bound token would then work from anywhere
	 */
	public record ProofOfPossession(@DefaultValue("true") boolean enabled) {
	}
}
