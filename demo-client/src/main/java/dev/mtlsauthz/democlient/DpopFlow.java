package dev.mtlsauthz.democlient;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.mtlsauthz.discovery.AuthorizationServerMetadata;

/**
 * Step 7: the same round trip with DPoP (RFC 9449) instead of a certificate: a P-256 key
 * made now, a token bound to it ({@code token_type: DPoP}, {@code cnf.jkt}) from the
 * token endpoint with a proof, the API accepting it with a fresh proof, and refusing the
 * proofs the RFC refuses: for another URL ({@code htu}), replayed ({@code jti}), without
 * the token's hash ({@code ath}), and the token without a proof as a Bearer token.
 */
final class DpopFlow {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final DemoOptions options;

	private final AuthorizationServerMetadata metadata;

	private final TlsClient tls;

	private final Steps steps;

	private final KeyPair key;

	DpopFlow(DemoOptions options, AuthorizationServerMetadata metadata, List<X509Certificate> trustAnchors,
			Steps steps) {
		this.options = options;
		this.metadata = metadata;
		this.tls = TlsClient.withoutCertificate(trustAnchors);
		this.steps = steps;
		this.key = newKey();
	}

	void run() {
		AccessToken token = steps.run("7.1", "DPoP token at the token endpoint", this::requestToken);
		URI whoami = URI.create(options.api() + "/api/whoami");
		steps.attempt("7.2", "API with a DPoP proof", () -> {
			HttpResponse<String> response = callApi(token, proof("GET", whoami, token.value()));
			if (response.statusCode() != 200) {
				throw new StepFailure("expected 200, got " + response.statusCode() + " "
						+ TlsClient.header(response, "WWW-Authenticate").orElse(""));
			}
			return Outcome.of(null, "200 with Authorization: DPoP and a proof signed by our key");
		});
		steps.attempt("7.3", "Proof for another URL (htu)",
				() -> expectRefused(
						callApi(token, proof("GET", URI.create(options.api() + "/api/messages"), token.value())),
						"invalid_dpop_proof"));
		steps.attempt("7.4", "Replayed proof (jti)", () -> {
			String proof = proof("GET", whoami, token.value());
			callApi(token, proof);
			return expectRefused(callApi(token, proof), "invalid_dpop_proof");
		});
		steps.attempt("7.5", "Proof without the token's hash (ath)",
				() -> expectRefused(callApi(token, proof("GET", whoami, null)), "invalid_dpop_proof"));
		steps.attempt("7.6", "DPoP token as a Bearer token",
				() -> expectRefused(tls.get(whoami, Map.of("Authorization", "Bearer " + token.value())),
						"invalid_token"));
	}

	private Outcome<AccessToken> requestToken() throws Exception {
		URI endpoint = metadata.endpoint(BoundTokenFlow.TOKEN_ENDPOINT)
			.orElseThrow(() -> new StepFailure("the metadata has no token_endpoint"));
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		form.put("scope", options.scope());
		Map<String, String> headers = new LinkedHashMap<>();
		options.secretClient().applyTo(form, headers);
		headers.put("DPoP", proof("POST", endpoint, null));
		JsonResponse response = JsonResponse.of(tls.postForm(endpoint, form, headers));
		if (response.status() != 200) {
			throw new StepFailure("POST " + endpoint + " answered " + response.describeError());
		}
		TokenResponse token = TokenResponse.parse(response);
		Object jkt = token.accessToken().claims().map(claims -> claims.get("cnf")).orElse(null);
		if (!"DPoP".equals(token.tokenType()) || !(jkt instanceof Map<?, ?> cnf)
				|| !thumbprint().equals(cnf.get("jkt"))) {
			throw new StepFailure("expected token_type DPoP with cnf.jkt " + thumbprint() + ", got " + token.tokenType()
					+ " with cnf " + jkt);
		}
		return Outcome.of(token.accessToken(), "200, DPoP token, cnf.jkt is our key's thumbprint")
			.detail("POST", endpoint)
			.detail("client", options.secretClient().clientId() + " (client_secret_basic, no certificate)")
			.detail("cnf.jkt", thumbprint())
			.detail("access_token", token.accessToken().abbreviated());
	}

	private HttpResponse<String> callApi(AccessToken token, String proof) throws Exception {
		return tls.get(URI.create(options.api() + "/api/whoami"),
				Map.of("Authorization", "DPoP " + token.value(), "DPoP", proof));
	}

	private static Outcome<Void> expectRefused(HttpResponse<String> response, String error) {
		String challenge = TlsClient.header(response, "WWW-Authenticate").orElse("");
		if (response.statusCode() != 401 || !challenge.contains("error=\"" + error + "\"")) {
			throw new StepFailure(
					"expected 401 with error=\"" + error + "\", got " + response.statusCode() + " " + challenge);
		}
		return Outcome.<Void>of(null, "401 " + error).detail("WWW-Authenticate", challenge);
	}

	/**
	 * A DPoP proof (RFC 9449 section 4.2), ES256, with {@code ath} when a token is given.
	 */
	private String proof(String method, URI uri, String accessToken) throws GeneralSecurityException {
		String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + jwk() + "}";
		String payload = "{\"jti\":\"" + UUID.randomUUID() + "\",\"htm\":\"" + method + "\",\"htu\":\"" + uri
				+ "\",\"iat\":" + Instant.now().getEpochSecond()
				+ (accessToken != null ? ",\"ath\":\"" + sha256(accessToken) + "\"" : "") + "}";
		String signingInput = encode(header) + "." + encode(payload);
		Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
		signature.initSign(key.getPrivate());
		signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + BASE64URL.encodeToString(signature.sign());
	}

	/**
	 * The public key as a JWK with its members in RFC 7638 order, so it is also the
	 * thumbprint's input.
	 */
	private String jwk() {
		ECPublicKey publicKey = (ECPublicKey) key.getPublic();
		return "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(publicKey.getW().getAffineX()) + "\",\"y\":\""
				+ coordinate(publicKey.getW().getAffineY()) + "\"}";
	}

	private String thumbprint() {
		return sha256(jwk());
	}

	private static String coordinate(BigInteger value) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
		return BASE64URL.encodeToString(fixed);
	}

	private static String encode(String json) {
		return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String sha256(String value) {
		try {
			return BASE64URL
				.encodeToString(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair newKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
