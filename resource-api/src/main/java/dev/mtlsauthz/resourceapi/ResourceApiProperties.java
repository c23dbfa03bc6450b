package dev.mtlsauthz.resourceapi;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.mtlsauthz.certs.DevelopmentCertificatesProperties;
import dev.mtlsauthz.jwks.JwkSetCacheProperties;

/**
 * The resource API's settings, under {@code resourceapi}.
 *
 * @param issuerUri the authorization server's issuer identifier; its metadata is read
 * from RFC 8414's {@code /.well-known/oauth-authorization-server} (inserted before the
 * issuer's path, if it has one), else from OpenID Connect's
 * {@code /.well-known/openid-configuration} (appended to it)
 * @param issuerTrustStore PEM file with the CA certificates trusted for HTTPS calls to
 * the issuer (discovery, JWKS, introspection); blank means the JDK's default trust store
 * @param clientId the API's own client id at the issuer, used to authenticate
 * introspection requests ({@code client_secret_basic}, RFC 7662 section 2.1)
 * @param clientSecret the API's client secret
 * @param introspectionCacheTtl how long an introspection result is reused; never beyond
 * the token's {@code exp}
 * @param devCertificates the development certificates created at start when missing (the
 * API's {@code main} registers the listener that reads this before the context starts)
 * @param jwkSet how the issuer's JWK Set is kept: fetched again on an unknown {@code kid}
 * (rate limited), and used through an issuer outage
 */
@ConfigurationProperties("resourceapi")
public record ResourceApiProperties(@DefaultValue("https://localhost:8443") URI issuerUri,
		@DefaultValue("certs/generated/ca.crt") String issuerTrustStore, @DefaultValue("resource-api") String clientId,
		@DefaultValue("resource-api-secret") String clientSecret, @DefaultValue("30s") Duration introspectionCacheTtl,
		@NestedConfigurationProperty @DefaultValue DevelopmentCertificatesProperties devCertificates,
		@NestedConfigurationProperty @DefaultValue JwkSetCacheProperties jwkSet) {

	/** Where the development certificates are configured, for the listener. */
	public static final String DEV_CERTIFICATES = "resourceapi.dev-certificates";

}
