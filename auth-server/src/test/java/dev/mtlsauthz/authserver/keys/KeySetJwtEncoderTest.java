package dev.mtlsauthz.authserver.keys;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import dev.mtlsauthz.jwks.IssuerJwkSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JWT is signed with the active key of the algorithm its header asks for, names
 * that key in {@code kid}, and verifies against the published keys, in each algorithm the
 * server offers; its claims come out as JSON values (times in seconds, lists, nested
 * objects).
 */
class KeySetJwtEncoderTest {

	@Test
	void eachAlgorithmSignsWithItsActiveKeyAndVerifiesAgainstThePublishedSet() throws Exception {
		for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
			KeySetDatabase database = KeySetDatabase.migratedTo(null, Clock.systemUTC());
			KeyEncryptionKeys encryption = new KeyEncryptionKeys("k1", KeySetDatabase.keks("k1"));
			database.rotation(KeySetDatabase.settings(algorithm, null, "k1", KeySetDatabase.keks("k1")), encryption)
				.check();
			SigningKeySet keys = database.keySet(encryption);
			keys.refresh();
			Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

			Jwt jwt = new KeySetJwtEncoder(keys).encode(JwtEncoderParameters.from(JwsHeader.with(algorithm).build(),
					JwtClaimsSet.builder()
						.issuer("https://issuer.example")
						.subject("alice")
						.audience(List.of("api"))
						.issuedAt(now)
						.expiresAt(now.plusSeconds(300))
						.claim("scope", java.util.Set.of("api.read"))
						.claim("cnf", Map.of("x5t#S256", "thumbprint"))
						.build()));
			DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
			IssuerJwkSource.verifySignatures(processor, keys);
			JWTClaimsSet verified = processor.process(jwt.getTokenValue(), null);

			SignedJWT parsed = SignedJWT.parse(jwt.getTokenValue());
			assertThat(parsed.getHeader().getAlgorithm().getName()).isEqualTo(algorithm.getName());
			assertThat(parsed.getHeader().getKeyID()).isEqualTo(keys.signingKey(algorithm.getName()).key().kid());
			assertThat(verified.getSubject()).isEqualTo("alice");
			assertThat(verified.getExpirationTime().toInstant()).isEqualTo(now.plusSeconds(300));
			assertThat(verified.getStringListClaim("scope")).containsExactly("api.read");
			assertThat(verified.getJSONObjectClaim("cnf")).containsEntry("x5t#S256", "thumbprint");
		}
	}

}
