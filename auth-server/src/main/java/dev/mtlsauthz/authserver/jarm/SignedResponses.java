package dev.mtlsauthz.authserver.jarm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import dev.mtlsauthz.authserver.keys.SigningAlgorithm;

/**
 * Responses this server signs with its own keys, as it signs access tokens: authorization
 * responses (JARM) and introspection responses (RFC 9701). Each is signed with the key
 * that signs access tokens now, whose algorithm both
 * {@code authorization_signing_alg_values_supported} and
 * {@code introspection_signing_alg_values_supported} advertise ({@link #algorithm()}); a
 * client verifies it with the server's JWK Set. Hot path: one signature per such
 * response, only when the client asked for a signed response.
 */
public class SignedResponses {

	private final JwtEncoder encoder;

	private final Supplier<String> algorithm;

	private final String issuer;

	private final Duration lifetime;

	private final Clock clock;

	/**
	 * @param algorithm the algorithm of the key that signs access tokens now
	 * @param lifetime how long a signed response is valid
	 */
	public SignedResponses(JwtEncoder encoder, Supplier<String> algorithm, String issuer, Duration lifetime,
			Clock clock) {
		this.encoder = encoder;
		this.algorithm = algorithm;
		this.issuer = issuer;
		this.lifetime = lifetime;
		this.clock = clock;
	}

	/** The algorithm responses are signed with now. */
	public String algorithm() {
		return algorithm.get();
	}

	public String issuer() {
		return issuer;
	}

	/**
	 * A JWT from this issuer to {@code audience}, valid for the configured lifetime, with
	 * {@code claims}.
	 * @param type the {@code typ} header, or {@code null}
	 */
	public String sign(String type, String audience, Map<String, Object> claims) {
		Instant now = clock.instant();
		JwtClaimsSet.Builder set = JwtClaimsSet.builder()
			.issuer(issuer)
			.audience(List.of(audience))
			.issuedAt(now)
			.expiresAt(now.plus(lifetime));
		claims.forEach(set::claim);
		// The server's own algorithm type: Spring's SignatureAlgorithm has no EdDSA.
		JwsHeader.Builder header = JwsHeader.with(SigningAlgorithm.of(algorithm()));
		if (type != null) {
			header.type(type);
		}
		return encoder.encode(JwtEncoderParameters.from(header.build(), set.build())).getTokenValue();
	}

}
