package dev.mtlsauthz.jwks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWrapper;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.OutageTolerantJWKSetSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.jwk.source.RetryingJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;

import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;

/**
 * An issuer's JWK Set (RFC 7517 section 5) as a resource server should keep it while the
 * issuer rotates its signing keys (Nimbus's {@link JWKSourceBuilder}, configured by
 * {@link JwkSetCacheProperties}):
 * <ul>
 * <li>the set is cached for {@code cache-time-to-live}, and fetched again at once when a
 * token names a {@code kid} it does not hold (the issuer published a new key), at most
 * twice per {@code refresh-min-interval}, so that tokens with made-up key ids cannot make
 * the resource server hammer the issuer. A fetch the limit refuses is answered from the
 * last set, so a token whose key is still unknown is refused as badly signed, never
 * answered as an outage;</li>
 * <li>while the issuer cannot be reached, the last set fetched keeps verifying tokens for
 * {@code outage-tolerance} (hours by default), so an authorization-server outage does not
 * turn every valid token away.</li>
 * </ul>
 * Kept in memory, per instance: safe to lose, since it is fetched again.
 * <p>
 * {@link #verifySignatures} lets a Nimbus JWT processor verify every signature algorithm
 * an issuer may rotate to: RSA (RS*, PS*), EC (ES*) and EdDSA with Ed25519 (RFC 8037),
 * which Nimbus's default key selector and verifier factory leave out.
 */
public final class IssuerJwkSource implements JWKSource<SecurityContext> {

	/** The JWS algorithms (RFC 7518 section 3.1, RFC 8037 section 3.1) verified. */
	public static final Set<JWSAlgorithm> SIGNATURE_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
			JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

	private final JWKSource<SecurityContext> source;

	/**
	 * @param jwkSetUri the issuer's {@code jwks_uri}
	 * @param retriever how the set is fetched ({@link #retriever(RestOperations)} for a
	 * Spring {@code RestTemplate} with the issuer's trust store)
	 * @param properties how long the set is kept
	 */
	public IssuerJwkSource(URL jwkSetUri, ResourceRetriever retriever, JwkSetCacheProperties properties) {
		JWKSetSource<SecurityContext> fetched = new RetryingJWKSetSource<>(
				new URLBasedJWKSetSource<>(jwkSetUri, retriever), null);
		JWKSetSource<SecurityContext> limited = new RateLimitedJWKSetSource<>(fetched,
				properties.refreshMinInterval().toMillis(), null);
		// Above the rate limit, so that a fetch it refuses is answered from the last set,
		// as a failed one is: a valid token whose set's time to live ran out while
		// made-up key ids used up the limit still verifies.
		JWKSetSource<SecurityContext> lastGood = new OutageTolerantJWKSetSource<>(unavailableWhenLimited(limited),
				properties.outageTolerance().toMillis(), null);
		this.source = JWKSourceBuilder.create(lastGood)
			.cache(properties.cacheTimeToLive().toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
			.refreshAheadCache(false)
			.rateLimited(false)
			.retrying(false)
			.outageTolerant(false)
			.build();
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
		return source.get(selector, context);
	}

	private static JWKSetSource<SecurityContext> unavailableWhenLimited(JWKSetSource<SecurityContext> limited) {
		return new JWKSetSourceWrapper<>(limited) {
			@Override
			public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime,
					SecurityContext context) throws KeySourceException {
				try {
					return getSource().getJWKSet(refreshEvaluator, currentTime, context);
				}
				catch (RateLimitReachedException ex) {
					throw new JWKSetUnavailableException("The JWK Set was fetched twice in the last interval", ex);
				}
			}
		};
	}

	/**
	 * Fetches with {@code rest}, so that the set comes over the same TLS settings (trust
	 * store, timeouts) as the issuer's other endpoints.
	 */
	public static ResourceRetriever retriever(RestOperations rest) {
		return url -> {
			try {
				ResponseEntity<String> response = rest.getForEntity(url.toURI(), String.class);
				String contentType = response.getHeaders().getContentType() != null
						? response.getHeaders().getContentType().toString() : null;
				return new Resource(response.getBody(), contentType);
			}
			catch (RestClientException | URISyntaxException ex) {
				throw new IOException("GET " + url + " failed: " + ex.getMessage(), ex);
			}
		};
	}

	/**
	 * Makes {@code processor} verify signatures with the keys of {@code keys} in every
	 * algorithm of {@link #SIGNATURE_ALGORITHMS}, the key chosen by the token's
	 * {@code kid} and {@code alg}.
	 */
	public static void verifySignatures(ConfigurableJWTProcessor<SecurityContext> processor,
			JWKSource<SecurityContext> keys) {
		processor.setJWSKeySelector(keySelector(keys));
		processor.setJWSVerifierFactory(new DefaultJWSVerifierFactory() {
			@Override
			public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
				if (key instanceof Ed25519PublicKey ed25519) {
					return new Ed25519Verifier(ed25519.jwk());
				}
				return super.createJWSVerifier(header, key);
			}
		});
	}

	private static JWSKeySelector<SecurityContext> keySelector(JWKSource<SecurityContext> keys) {
		return (header, context) -> {
			JWSAlgorithm algorithm = header.getAlgorithm();
			if (!SIGNATURE_ALGORITHMS.contains(algorithm)) {
				return List.of();
			}
			List<Key> selected = new ArrayList<>();
			for (JWK jwk : keys.get(new JWKSelector(matcher(header)), context)) {
				if (jwk instanceof OctetKeyPair okp) {
					selected.add(new Ed25519PublicKey(okp.toPublicJWK()));
				}
				else if (jwk instanceof AsymmetricJWK asymmetric) {
					selected.add(publicKey(asymmetric));
				}
			}
			return selected;
		};
	}

	private static PublicKey publicKey(AsymmetricJWK jwk) throws KeySourceException {
		try {
			return jwk.toPublicKey();
		}
		catch (JOSEException ex) {
			throw new KeySourceException("Unusable key in the JWK Set: " + ex.getMessage(), ex);
		}
	}

	private static JWKMatcher matcher(JWSHeader header) {
		JWSAlgorithm algorithm = header.getAlgorithm();
		JWKMatcher.Builder matcher = new JWKMatcher.Builder().keyID(header.getKeyID())
			.keyUses(KeyUse.SIGNATURE, null)
			.algorithms(algorithm, null);
		if (JWSAlgorithm.Family.ED.contains(algorithm) || JWSAlgorithm.Ed25519.equals(algorithm)) {
			return matcher.keyType(KeyType.OKP).curve(Curve.Ed25519).build();
		}
		return matcher.keyType(KeyType.forAlgorithm(algorithm)).build();
	}

	/**
	 * An Ed25519 JWK passed from the key selector to the verifier factory, which deal in
	 * {@code java.security.Key}s: Nimbus verifies Ed25519 from the JWK itself.
	 */
	private record Ed25519PublicKey(OctetKeyPair jwk) implements PublicKey {

		@Override
		public String getAlgorithm() {
			return "Ed25519";
		}

		@Override
		public String getFormat() {
			return null;
		}

		@Override
		public byte[] getEncoded() {
			return null;
		}

	}

}
