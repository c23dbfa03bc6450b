package dev.mtlsauthz.dpop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.DPoPProofContext;
import org.springframework.security.oauth2.jwt.DPoPProofJwtDecoderFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Checks a DPoP proof (RFC 9449 section 4.3) with Spring Security's
 * {@link DPoPProofJwtDecoderFactory} for the signature, and with our own claim checks
 * instead of its defaults: a configurable {@code alg} allow-list, {@code htu} compared
 * after normalisation (Spring compares the strings), a configurable {@code iat} window,
 * server-provided nonces (section 9), the access token's binding ({@code cnf.jkt} and
 * {@code ath}, section 7.1) and the {@code jti} in a pluggable
 * {@link DpopProofReplayCache}, shared by every instance when it is the database (Spring
 * keeps it in each instance's memory). Each refusal is a {@link JwtValidationException}
 * holding one {@link OAuth2Error} that says why: {@code invalid_dpop_proof},
 * {@code use_dpop_nonce} or, for a token that is not DPoP-bound, {@code invalid_token}.
 * <p>
 * As a {@link JwtDecoderFactory} it plugs into Spring Security's
 * {@code DPoPAuthenticationProvider}; the authorization server calls
 * {@link #verify(DPoPProofContext)} at its token endpoint.
 */
public final class DpopProofVerifier implements JwtDecoderFactory<DPoPProofContext> {

	/** The error of a proof without a valid server-provided nonce (section 8). */
	public static final String USE_DPOP_NONCE = "use_dpop_nonce";

	static final String TYPE = "dpop+jwt";

	private final DPoPProofJwtDecoderFactory signatures = new DPoPProofJwtDecoderFactory();

	private final List<String> algorithms;

	private final Duration proofLifetime;

	private final Duration clockSkew;

	private final DpopProofReplayCache replays;

	private final DpopNonces nonces;

	private final Clock clock;

	/**
	 * @param nonces the nonces every proof must carry one of; {@code null} when nonces
	 * are not required
	 */
	public DpopProofVerifier(List<String> algorithms, Duration proofLifetime, Duration clockSkew,
			DpopProofReplayCache replays, DpopNonces nonces, Clock clock) {
		this.algorithms = List.copyOf(algorithms);
		this.proofLifetime = proofLifetime;
		this.clockSkew = clockSkew;
		this.replays = replays;
		this.nonces = nonces;
		this.clock = clock;
		this.signatures.setJwtValidatorFactory(context -> proof -> validate(proof, context));
	}

	/** The algorithms a proof may be signed with, for {@code algs} in challenges. */
	public List<String> algorithms() {
		return algorithms;
	}

	/** The nonces proofs must carry, or {@code null} when they need none. */
	public DpopNonces nonces() {
		return nonces;
	}

	@Override
	public JwtDecoder createDecoder(DPoPProofContext context) {
		return proof -> verify(context);
	}

	/**
	 * @return the verified proof
	 * @throws JwtValidationException with the one error that refuses the proof
	 */
	public Jwt verify(DPoPProofContext context) {
		checkHeader(context.getDPoPProof());
		try {
			return signatures.createDecoder(context).decode(context.getDPoPProof());
		}
		catch (JwtValidationException ex) {
			throw ex;
		}
		catch (JwtException ex) {
			throw refused("The DPoP proof's signature does not verify with the public key in its jwk header");
		}
	}

	/**
	 * The RFC 7638 SHA-256 thumbprint of a verified proof's {@code jwk}, as in
	 * {@code cnf.jkt} and {@code dpop_jkt}.
	 */
	public static String thumbprint(Jwt proof) {
		try {
			@SuppressWarnings("unchecked")
			Map<String, Object> jwk = (Map<String, Object>) proof.getHeaders().get("jwk");
			return JWK.parse(jwk).computeThumbprint().toString();
		}
		catch (ParseException | JOSEException | RuntimeException ex) {
			throw refused("The DPoP proof's jwk header is not a JSON Web Key");
		}
	}

	/**
	 * The error that refused a proof: the one {@link #verify} threw, found in the causes
	 * of {@code failure}; otherwise a generic {@code invalid_dpop_proof}.
	 */
	public static OAuth2Error errorOf(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException validation && !validation.getErrors().isEmpty()) {
				return validation.getErrors().iterator().next();
			}
		}
		return new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF, "The DPoP proof is invalid", null);
	}

	/** Section 4.3, points 2 to 7: what the header must say, before any key is used. */
	private void checkHeader(String proof) {
		JWT jwt;
		try {
			jwt = JWTParser.parse(proof);
		}
		catch (ParseException ex) {
			throw refused(hasPrivateKeyInHeader(proof)
					? "The DPoP proof's jwk header contains a private key; it must hold the public key only"
					: "The DPoP proof is not a JWT");
		}
		if (jwt instanceof PlainJWT) {
			throw refused("The DPoP proof is unsigned (alg none); sign it with one of " + String.join(" ", algorithms));
		}
		if (jwt instanceof EncryptedJWT || !(jwt instanceof SignedJWT signed)) {
			throw refused("The DPoP proof is not a signed JWT");
		}
		JWSHeader header = signed.getHeader();
		if (header.getType() == null || !TYPE.equals(header.getType().getType())) {
			throw refused("The DPoP proof's typ header is not dpop+jwt");
		}
		if (!algorithms.contains(header.getAlgorithm().getName())) {
			throw refused("The DPoP proof's alg " + header.getAlgorithm().getName() + " is not one of "
					+ String.join(" ", algorithms));
		}
		JWK jwk = header.getJWK();
		if (jwk == null) {
			throw refused("The DPoP proof has no jwk header");
		}
		if (jwk.isPrivate()) {
			throw refused("The DPoP proof's jwk header contains a private key; it must hold the public key only");
		}
		if (!(jwk instanceof AsymmetricJWK)) {
			throw refused("The DPoP proof's jwk header is not an asymmetric public key");
		}
	}

	/**
	 * Nimbus refuses to parse a JWS header whose {@code jwk} holds a private key, so that
	 * refusal is told apart here: RSA and EC private keys have {@code d} (RFC 7518
	 * section 6).
	 */
	private static boolean hasPrivateKeyInHeader(String proof) {
		int dot = proof.indexOf('.');
		if (dot <= 0) {
			return false;
		}
		try {
			Map<String, Object> header = JSONObjectUtils
				.parse(new String(Base64.getUrlDecoder().decode(proof.substring(0, dot)), StandardCharsets.UTF_8));
			return header.get("jwk") instanceof Map<?, ?> jwk && jwk.containsKey("d");
		}
		catch (ParseException | IllegalArgumentException ex) {
			return false;
		}
	}

	/** Section 4.3, points 8 to 12, and section 7.1's binding to the access token. */
	private OAuth2TokenValidatorResult validate(Jwt proof, DPoPProofContext context) {
		OAuth2Error error = claimsError(proof, context);
		if (error == null
				&& !replays.firstUse(proof.getId(), proof.getIssuedAt().plus(proofLifetime).plus(clockSkew))) {
			error = invalidProof("The DPoP proof's jti was already used: a proof works once (RFC 9449 section 11.1)");
		}
		return (error != null) ? OAuth2TokenValidatorResult.failure(error) : OAuth2TokenValidatorResult.success();
	}

	private OAuth2Error claimsError(Jwt proof, DPoPProofContext context) {
		if (proof.getId() == null || proof.getId().isBlank()) {
			return invalidProof("The DPoP proof has no jti");
		}
		if (!context.getMethod().equals(proof.getClaimAsString("htm"))) {
			return invalidProof("The DPoP proof's htm is not the request's method " + context.getMethod());
		}
		String htu = proof.getClaimAsString("htu");
		if (htu == null || !Htu.matches(htu, context.getTargetUri())) {
			return invalidProof(
					"The DPoP proof's htu is not the request's URI " + Htu.normalise(context.getTargetUri()));
		}
		OAuth2Error iat = issuedAtError(proof.getIssuedAt());
		if (iat != null) {
			return iat;
		}
		OAuth2Error nonce = nonceError(proof.getClaimAsString("nonce"));
		if (nonce != null) {
			return nonce;
		}
		OAuth2Token accessToken = context.getAccessToken();
		return (accessToken != null) ? bindingError(proof, accessToken) : null;
	}

	private OAuth2Error issuedAtError(Instant issuedAt) {
		if (issuedAt == null) {
			return invalidProof("The DPoP proof has no iat");
		}
		Instant now = clock.instant();
		if (issuedAt.isAfter(now.plus(clockSkew))) {
			return invalidProof("The DPoP proof's iat is in the future");
		}
		if (issuedAt.isBefore(now.minus(proofLifetime).minus(clockSkew))) {
			return invalidProof("The DPoP proof's iat is older than " + proofLifetime.toSeconds()
					+ " seconds: make a new proof for each request");
		}
		return null;
	}

	private OAuth2Error nonceError(String nonce) {
		if (nonces == null) {
			return null;
		}
		if (nonce == null) {
			return new OAuth2Error(USE_DPOP_NONCE,
					"This server requires a nonce in the DPoP proof: use the one in the DPoP-Nonce header", null);
		}
		if (!nonces.isValid(nonce)) {
			return new OAuth2Error(USE_DPOP_NONCE,
					"The DPoP proof's nonce is expired or not this server's: use the one in the DPoP-Nonce header",
					null);
		}
		return null;
	}

	private static OAuth2Error bindingError(Jwt proof, OAuth2Token accessToken) {
		Object jkt = (accessToken instanceof ClaimAccessor claims
				&& claims.getClaims().get("cnf") instanceof Map<?, ?> cnf) ? cnf.get("jkt") : null;
		if (!(jkt instanceof String boundTo)) {
			return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
					"The access token is not DPoP-bound (no cnf.jkt): present it as a Bearer token", null);
		}
		if (!MessageDigest.isEqual(boundTo.getBytes(StandardCharsets.US_ASCII),
				thumbprint(proof).getBytes(StandardCharsets.US_ASCII))) {
			return invalidProof("The DPoP proof's key is not the one the access token is bound to (cnf.jkt)");
		}
		String ath = proof.getClaimAsString("ath");
		if (ath == null) {
			return invalidProof("The DPoP proof has no ath, the hash of the access token");
		}
		if (!MessageDigest.isEqual(ath.getBytes(StandardCharsets.US_ASCII),
				accessTokenHash(accessToken.getTokenValue()).getBytes(StandardCharsets.US_ASCII))) {
			return invalidProof("The DPoP proof's ath is not the hash of the access token presented");
		}
		return null;
	}

	/**
	 * {@code ath}: base64url of the SHA-256 of the access token's ASCII (section 4.2).
	 */
	public static String accessTokenHash(String accessToken) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(
						MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static OAuth2Error invalidProof(String description) {
		return new OAuth2Error(OAuth2ErrorCodes.INVALID_DPOP_PROOF, description, null);
	}

	private static JwtValidationException refused(String description) {
		return new JwtValidationException(description, List.of(invalidProof(description)));
	}

}
