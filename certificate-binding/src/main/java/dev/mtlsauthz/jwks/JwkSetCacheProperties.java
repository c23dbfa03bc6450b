package dev.mtlsauthz.jwks;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a resource server keeps an issuer's JWK Set ({@link IssuerJwkSource}). An
 * application nests it in its own properties with {@code @NestedConfigurationProperty},
 * as the resource API does under {@code resourceapi.jwk-set}.
 *
 * @param cacheTimeToLive how long a fetched set is used before it is fetched again; the
 * issuer's {@code Cache-Control: max-age} should not be shorter
 * @param refreshMinInterval a token that names an unknown {@code kid} makes the set be
 * fetched again at once, at most twice per this interval; the fetches at the end of the
 * time to live count too, so keep it well below {@code cacheTimeToLive}
 * @param outageTolerance how long the last set fetched keeps verifying tokens while the
 * issuer cannot be reached
 */
public record JwkSetCacheProperties(@DefaultValue("5m") Duration cacheTimeToLive,
		@DefaultValue("30s") Duration refreshMinInterval, @DefaultValue("12h") Duration outageTolerance) {
}
