package dev.mtlsauthz.authserver.keys;

import java.net.URL;
import java.text.ParseException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

/**
 * Signs every JWT of this server (access tokens, ID tokens) with the key the key set
 * chooses for the algorithm in the token's header ({@link SigningKeySet#signingKey}), and
 * names that key in {@code kid}, so that a verifier picks it from the JWK Set among the
 * next and retired keys.
 * <p>
 * In place of Spring Security's {@code NimbusJwtEncoder}, which selects a key by matching
 * the header against the whole JWK source and so refuses a set that publishes two keys of
 * one algorithm, and which signs with RSA and EC keys only (no EdDSA). Signers are cached
 * per key, as there.
 */
public class KeySetJwtEncoder implements JwtEncoder {

	private static final DefaultJWSSignerFactory SIGNERS = new DefaultJWSSignerFactory();

	private final SigningKeySet keys;

	private final Map<String, JWSSigner> signers = new ConcurrentHashMap<>();

	public KeySetJwtEncoder(SigningKeySet keys) {
		this.keys = keys;
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) {
		JwsAlgorithm requested = parameters.getJwsHeader() != null ? parameters.getJwsHeader().getAlgorithm()
				: SigningAlgorithm.RS256;
		SigningKeySet.Entry key;
		try {
			key = keys.signingKey(requested.getName());
		}
		catch (IllegalStateException ex) {
			throw new JwtEncodingException(ex.getMessage(), ex);
		}
		Map<String, Object> headers = new LinkedHashMap<>();
		if (parameters.getJwsHeader() != null) {
			headers.putAll(parameters.getJwsHeader().getHeaders());
		}
		headers.put(JoseHeaderNames.ALG, key.key().algorithm());
		headers.put(JoseHeaderNames.KID, key.key().kid());
		JwtClaimsSet claims = parameters.getClaims();
		try {
			SignedJWT jwt = new SignedJWT(JWSHeader.parse(json(headers)), JWTClaimsSet.parse(json(claims.getClaims())));
			jwt.sign(signers.computeIfAbsent(key.key().kid(), kid -> signer(key)));
			return new Jwt(jwt.serialize(), claims.getIssuedAt(), claims.getExpiresAt(), headers, claims.getClaims());
		}
		catch (ParseException | JOSEException ex) {
			throw new JwtEncodingException("Cannot sign a JWT with key " + key.key().kid() + ": " + ex.getMessage(),
					ex);
		}
	}

	private static JWSSigner signer(SigningKeySet.Entry key) {
		try {
			return SIGNERS.createJWSSigner(key.jwk(), key.key().algorithm().jwsAlgorithm());
		}
		catch (JOSEException ex) {
			throw new JwtEncodingException("Cannot sign with key " + key.key().kid() + ": " + ex.getMessage(), ex);
		}
	}

	/** Spring's header and claim values as JSON values, which Nimbus parses. */
	private static Map<String, Object> json(Map<String, Object> values) {
		Map<String, Object> json = new LinkedHashMap<>();
		values.forEach((name, value) -> json.put(name, json(value)));
		return json;
	}

	@SuppressWarnings("unchecked")
	private static Object json(Object value) {
		if (value instanceof Instant instant) {
			return instant.getEpochSecond();
		}
		if (value instanceof JwsAlgorithm algorithm) {
			return algorithm.getName();
		}
		if (value instanceof URL url) {
			return url.toString();
		}
		if (value instanceof Map<?, ?> map) {
			return json((Map<String, Object>) map);
		}
		if (value instanceof Collection<?> collection) {
			return collection.stream().map(KeySetJwtEncoder::json).toList();
		}
		return value;
	}

}
