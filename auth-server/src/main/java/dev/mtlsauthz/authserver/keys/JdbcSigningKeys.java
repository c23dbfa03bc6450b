package dev.mtlsauthz.authserver.keys;

import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The token signing keys, kept in the database so that a token issued before a restart
 * still verifies against the JWK Set after it. The first start generates a key for the
 * configured algorithm; later starts load it. Every stored key stays published, so tokens
 * signed with an older key keep verifying until they expire.
 */
public class JdbcSigningKeys implements JWKSource<SecurityContext> {

	private final JWKSet keys;

	public JdbcSigningKeys(JdbcTemplate jdbc, String algorithm) {
		List<JWK> stored = jdbc.query("SELECT jwk FROM oauth2_signing_key ORDER BY created_at DESC",
				(row, index) -> parse(row.getString(1)));
		if (stored.stream().noneMatch(key -> algorithm.equals(String.valueOf(key.getAlgorithm())))) {
			JWK generated = generate(algorithm);
			jdbc.update("INSERT INTO oauth2_signing_key (kid, algorithm, jwk, created_at) VALUES (?, ?, ?, ?)",
					generated.getKeyID(), algorithm, generated.toJSONString(), Timestamp.from(Instant.now()));
			stored = new java.util.ArrayList<>(stored);
			stored.add(0, generated);
		}
		this.keys = new JWKSet(stored);
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		return selector.select(keys);
	}

	private static JWK generate(String algorithm) {
		try {
			String kid = UUID.randomUUID().toString();
			return switch (algorithm) {
				case "ES256" -> new ECKeyGenerator(Curve.P_256).keyID(kid)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.ES256)
					.generate();
				default -> new RSAKeyGenerator(2048).keyID(kid)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.generate();
			};
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate a " + algorithm + " signing key", ex);
		}
	}

	private static JWK parse(String json) {
		try {
			return JWK.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored signing key is not a JWK", ex);
		}
	}

}
