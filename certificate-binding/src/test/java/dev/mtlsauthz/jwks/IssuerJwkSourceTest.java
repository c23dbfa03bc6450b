package dev.mtlsauthz.jwks;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An issuer's JWK Set as {@link IssuerJwkSource} keeps it, fetched through a retriever
 * the test controls: fetched again for an unknown {@code kid}, at most twice per
 * interval; the last set kept through an outage, for the configured time only; and
 * signatures verified in every algorithm an issuer may rotate to.
 */
class IssuerJwkSourceTest {

	private final AtomicReference<JWKSet> published = new AtomicReference<>();

	private final AtomicBoolean issuerDown = new AtomicBoolean();

	private final AtomicInteger fetches = new AtomicInteger();

	@Test
	void anUnknownKidFetchesTheSetAgainAtMostTwicePerInterval() throws Exception {
		JWK first = rsa();
		published.set(new JWKSet(first.toPublicJWK()));
		IssuerJwkSource keys = source(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
		assertThat(select(keys, first.getKeyID())).hasSize(1);
		JWK second = rsa();
		published.set(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())));

		List<JWK> rotated = select(keys, second.getKeyID());
		for (int i = 0; i < 10; i++) {
			assertThat(select(keys, UUID.randomUUID().toString())).isEmpty();
		}

		assertThat(rotated).extracting(JWK::getKeyID).containsExactly(second.getKeyID());
		assertThat(fetches.get()).as("the first fetch, the rotation, then the rate limit").isEqualTo(2);
		assertThat(select(keys, first.getKeyID())).hasSize(1);
	}

	@Test
	void theLastSetKeepsVerifyingWhileTheIssuerIsDownForTheOutageToleranceOnly() throws Exception {
		JWK key = rsa();
		published.set(new JWKSet(key.toPublicJWK()));
		IssuerJwkSource keys = source(Duration.ofMillis(50), Duration.ZERO, Duration.ofMillis(1500));
		assertThat(select(keys, key.getKeyID())).hasSize(1);

		issuerDown.set(true);
		Thread.sleep(200);
		List<JWK> duringOutage = select(keys, key.getKeyID());
		Thread.sleep(1500);

		assertThat(duringOutage).hasSize(1);
		assertThat(fetches.get()).as("the set was fetched again after its time to live").isGreaterThan(1);
		assertThatExceptionOfType(KeySourceException.class).isThrownBy(() -> select(keys, key.getKeyID()));
	}

	@Test
	void signaturesVerifyInEveryAlgorithmAnIssuerMayRotateTo() throws Exception {
		List<JWK> keys = List.of(rsa(JWSAlgorithm.RS256), rsa(JWSAlgorithm.PS256),
				new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString())
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.ES256)
					.generate(),
				new OctetKeyPairGenerator(Curve.Ed25519).keyID(UUID.randomUUID().toString())
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.EdDSA)
					.generate());
		published.set(new JWKSet(keys.stream().map(JWK::toPublicJWK).toList()));
		IssuerJwkSource source = source(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1));
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		IssuerJwkSource.verifySignatures(processor, source);

		for (JWK key : keys) {
			assertThat(processor.process(sign(key, (JWSAlgorithm) key.getAlgorithm()), null).getSubject())
				.as(key.getAlgorithm().getName())
				.isEqualTo("alice");
		}
		JWK unpublished = rsa(JWSAlgorithm.RS256);
		assertThatExceptionOfType(BadJOSEException.class)
			.isThrownBy(() -> processor.process(sign(unpublished, JWSAlgorithm.RS256), null));
	}

	private IssuerJwkSource source(Duration timeToLive, Duration refreshMinInterval, Duration outageTolerance)
			throws Exception {
		return new IssuerJwkSource(new URL("https://issuer.example/jwks"), url -> {
			fetches.incrementAndGet();
			if (issuerDown.get()) {
				throw new IOException("connection refused");
			}
			return new Resource(published.get().toString(), "application/json");
		}, new JwkSetCacheProperties(timeToLive, refreshMinInterval, outageTolerance));
	}

	private static List<JWK> select(IssuerJwkSource keys, String kid) throws KeySourceException {
		return keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid).build()), null);
	}

	private static JWK rsa() throws JOSEException {
		return rsa(JWSAlgorithm.RS256);
	}

	private static JWK rsa(JWSAlgorithm algorithm) throws JOSEException {
		return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString())
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(algorithm)
			.generate();
	}

	private static String sign(JWK key, JWSAlgorithm algorithm) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().subject("alice").build());
		jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, algorithm));
		return jwt.serialize();
	}

}
