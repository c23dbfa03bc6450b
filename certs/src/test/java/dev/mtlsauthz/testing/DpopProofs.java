package dev.mtlsauthz.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * DPoP proofs (RFC 9449 section 4) as a client makes them, and forged in every way
 * section 4.3 refuses: each setter changes one thing of an otherwise valid proof.
 */
public final class DpopProofs {

	private final ECKey key;

	private String method = "GET";

	private String uri;

	private Instant issuedAt = Instant.now();

	private String jti = UUID.randomUUID().toString();

	private String accessToken;

	private String nonce;

	private String type = "dpop+jwt";

	private JWK headerKey;

	private boolean unsigned;

	private DpopProofs(ECKey key) {
		this.key = key;
	}

	/** A new P-256 key pair, as a client makes one per session. */
	public static ECKey newKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static DpopProofs proof(ECKey key, String method, String uri) {
		DpopProofs proof = new DpopProofs(key);
		proof.method = method;
		proof.uri = uri;
		return proof;
	}

	/** {@code ath}: the proof is for a request with this access token. */
	public DpopProofs accessToken(String accessToken) {
		this.accessToken = accessToken;
		return this;
	}

	public DpopProofs nonce(String nonce) {
		this.nonce = nonce;
		return this;
	}

	public DpopProofs issuedAt(Instant issuedAt) {
		this.issuedAt = issuedAt;
		return this;
	}

	public DpopProofs jti(String jti) {
		this.jti = jti;
		return this;
	}

	public DpopProofs type(String type) {
		this.type = type;
		return this;
	}

	/** The {@code jwk} header carries the private key too. */
	public DpopProofs privateKeyInHeader() {
		this.headerKey = key;
		return this;
	}

	/** {@code alg: none}, no signature. */
	public DpopProofs unsigned() {
		this.unsigned = true;
		return this;
	}

	public String sign() {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(jti)
			.claim("htm", method)
			.claim("htu", uri)
			.issueTime(Date.from(issuedAt));
		if (accessToken != null) {
			claims.claim("ath", sha256(accessToken));
		}
		if (nonce != null) {
			claims.claim("nonce", nonce);
		}
		try {
			if (unsigned) {
				return new PlainJWT(claims.build()).serialize();
			}
			if (headerKey != null) {
				return signedWithHeaderKey(claims.build());
			}
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType(type))
				.jwk(key.toPublicJWK())
				.build(), claims.build());
			jwt.sign(new ECDSASigner(key));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Nimbus refuses a private key in a {@code jwk} header, as it should: the header is
	 * written by hand.
	 */
	private String signedWithHeaderKey(JWTClaimsSet claims) throws Exception {
		Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
		String header = "{\"typ\":\"" + type + "\",\"alg\":\"ES256\",\"jwk\":" + headerKey.toJSONString() + "}";
		String signingInput = base64url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
		return signingInput + "." + new ECDSASigner(key).sign(new JWSHeader(JWSAlgorithm.ES256),
				signingInput.getBytes(StandardCharsets.US_ASCII));
	}

	/** The RFC 7638 thumbprint of the key, as {@code cnf.jkt} and {@code dpop_jkt}. */
	public static String thumbprint(ECKey key) {
		try {
			return key.toPublicJWK().computeThumbprint().toString();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sha256(String value) {
		try {
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
