package dev.mtlsauthz.authserver.fapi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.mtlsauthz.testing.Tls;

/**
 * What the tests of the FAPI 2.0 profile and its building blocks share: PKCE pairs,
 * signed JWTs from a client's keys, and the verification of JWTs this server signed with
 * the keys its JWK Set publishes.
 */
public final class FapiFixtures {

	public static final String REDIRECT_URI = "http://127.0.0.1:9999/callback";

	private FapiFixtures() {
	}

	/** A PKCE code verifier and its S256 challenge (RFC 7636 section 4.1 and 4.2). */
	public record Pkce(String verifier, String challenge) {

		public static Pkce s256() {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256")
					.digest(verifier.getBytes(StandardCharsets.US_ASCII));
				return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	/** A JWT signed with {@code key}, its algorithm the key's. */
	public static String signed(JWK key, JOSEObjectType type, JWTClaimsSet claims) {
		return sign(key, header(key).type(type).keyID(key.getKeyID()), claims);
	}

	/**
	 * A DPoP proof for a POST to {@code url} (RFC 9449 section 4.2), its public key in
	 * the header.
	 */
	public static String dpopProof(JWK key, String url) {
		return sign(key, header(key).type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()),
				new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
					.claim("htm", "POST")
					.claim("htu", url)
					.issueTime(new Date())
					.build());
	}

	private static JWSHeader.Builder header(JWK key) {
		return new JWSHeader.Builder(JWSAlgorithm.parse(key.getAlgorithm().getName()));
	}

	private static String sign(JWK key, JWSHeader.Builder header, JWTClaimsSet claims) {
		try {
			JWSHeader built = header.build();
			SignedJWT jwt = new SignedJWT(built, claims);
			jwt.sign(new DefaultJWSSignerFactory().createJWSSigner(key, built.getAlgorithm()));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A {@code private_key_jwt} client assertion (RFC 7523 section 3). */
	public static String clientAssertion(JWK key, String clientId, String audience) {
		return signed(key, null,
				new JWTClaimsSet.Builder().issuer(clientId)
					.subject(clientId)
					.audience(audience)
					.jwtID(UUID.randomUUID().toString())
					.issueTime(new Date())
					.expirationTime(new Date(System.currentTimeMillis() + 60_000))
					.build());
	}

	/** The public keys of a client's JWK Set, as {@code jwks} client metadata. */
	public static Map<String, Object> jwks(JWK... keys) {
		return new JWKSet(java.util.List.of(keys)).toJSONObject(true);
	}

	/**
	 * The claims of a JWT this server signed, verified with its published JWK Set.
	 * @param type the {@code typ} the JWT must carry, or {@code null} for none
	 */
	public static JWTClaimsSet verifiedByTheServer(String issuer, String jwt, JOSEObjectType type) throws Exception {
		JWKSet keys = JWKSet.parse(Tls.anonymous().get(issuer + "/oauth2/jwks").asString());
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(type));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(SignedJWT.parse(jwt).getHeader().getAlgorithm(),
				new ImmutableJWKSet<>(keys)));
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		try {
			return processor.process(jwt, null);
		}
		catch (BadJOSEException ex) {
			throw new AssertionError("Not signed by the server's published keys: " + ex.getMessage(), ex);
		}
	}

}
