package dev.mtlsauthz.authserver.discovery;

import java.util.Map;

/**
 * What a feature adds to both metadata documents (RFC 8414 section 2, OpenID Connect
 * Discovery section 3) about what it makes work: a bean of its own package, which
 * {@link DiscoveryCustomizer} applies after its own entries, at every request.
 */
@FunctionalInterface
public interface MetadataContribution {

	void contribute(Map<String, Object> metadata);

}
