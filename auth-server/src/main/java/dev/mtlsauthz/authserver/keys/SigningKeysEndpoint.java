package dev.mtlsauthz.authserver.keys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The operator's view of the key set, {@code /actuator/signingkeys}: {@code GET} lists
 * every key with its state and times (never key material) and the algorithms that sign
 * access and ID tokens now; {@code POST} rotates on demand
 * ({@link SigningKeyRotation#rotate()}) and answers the new list. Not exposed unless the
 * operator adds {@code signingkeys} to {@code management.endpoints.web.exposure.include};
 * then only a bearer token with the scope {@value #SCOPE} may call it
 * ({@code SecurityConfiguration}).
 */
@Endpoint(id = SigningKeysEndpoint.ID)
public class SigningKeysEndpoint {

	public static final String ID = "signingkeys";

	/** The scope an access token needs to call this endpoint. */
	public static final String SCOPE = "signing_keys";

	private final SigningKeySet keys;

	private final SigningKeyRotation rotation;

	private final SigningAlgorithm accessTokens;

	private final SigningAlgorithm idTokens;

	SigningKeysEndpoint(SigningKeySet keys, SigningKeyRotation rotation, SigningAlgorithm accessTokens,
			SigningAlgorithm idTokens) {
		this.keys = keys;
		this.rotation = rotation;
		this.accessTokens = accessTokens;
		this.idTokens = idTokens;
	}

	@ReadOperation
	public Map<String, Object> signingKeys() {
		Map<String, Object> signing = new LinkedHashMap<>();
		signing.put("access_token", keys.signingKey(accessTokens.getName()).key().algorithm().getName());
		signing.put("id_token", keys.signingKey(idTokens.getName()).key().algorithm().getName());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("signing", signing);
		body.put("keys", keys.keys().stream().map(SigningKeysEndpoint::describe).toList());
		return body;
	}

	/** Rotation on demand: a next key for every configured algorithm that has none. */
	@WriteOperation
	public Map<String, Object> rotate() {
		rotation.rotate();
		keys.refresh();
		return signingKeys();
	}

	/**
	 * Retirement on demand ({@link SigningKeyRotation#retire(String)}).
	 * @return the key set afterwards, or empty when there is no such key
	 */
	public Optional<Map<String, Object>> retire(String kid) {
		if (rotation.retire(kid).isEmpty()) {
			return Optional.empty();
		}
		keys.refresh();
		return Optional.of(signingKeys());
	}

	private static Map<String, Object> describe(SigningKey key) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("kid", key.kid());
		description.put("alg", key.algorithm().getName());
		description.put("state", key.state().value());
		put(description, "created_at", key.createdAt());
		put(description, "activates_at", key.activatesAt());
		put(description, "retired_at", key.retiredAt());
		put(description, "removes_at", key.removesAt());
		return description;
	}

	private static void put(Map<String, Object> description, String name, Instant instant) {
		if (instant != null) {
			description.put(name, instant.toString());
		}
	}

}
