package dev.mtlsauthz.authserver.clients;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import dev.mtlsauthz.authserver.dpop.DpopBoundAccessTokens;
import dev.mtlsauthz.authserver.fapi.FapiClientMetadata;

/**
 * Turns a client metadata document (RFC 7591 section 2, with the RFC 8705 section 2.1.2
 * fields) into a {@link RegisteredClient}. Invalid metadata is an
 * {@link InvalidClientMetadataException} naming the field.
 *
 * <p>
 * Besides the standard names it reads a few documented extensions:
 * {@code token_endpoint_auth_method} may be an array, {@code access_token_format}
 * ({@code jwt} or {@code reference}), {@code access_token_ttl} (seconds),
 * {@code require_pkce}, {@code require_consent}, {@code enabled},
 * {@code introspection_allowed} (the client may introspect tokens: a resource server),
 * and, for seeding only, {@code jwks_certificate_file} (a PEM certificate turned into an
 * inline {@code jwks}). Sizes are checked first ({@link ClientMetadataLimits}).
 */
public final class ClientMetadata {

	/**
	 * The extension that lets a client introspect tokens (RFC 7662): for resource
	 * servers, set in the server's own configuration only.
	 */
	public static final String INTROSPECTION_ALLOWED = "introspection_allowed";

	private ClientMetadata() {
	}

	public static RegisteredClient toRegisteredClient(Map<String, Object> metadata, PasswordEncoder secretEncoder,
			Function<String, X509CertificateFile> certificateFiles) {
		ClientMetadataLimits.check(metadata);
		String clientId = requiredString(metadata, "client_id");
		RegisteredClient.Builder client = RegisteredClient.withId(clientId)
			.clientId(clientId)
			.clientIdIssuedAt(Instant.now());
		optionalString(metadata, "client_name").ifPresent(client::clientName);
		List<String> methods = strings(metadata, "token_endpoint_auth_method", List.of("client_secret_basic"));
		methods.forEach(method -> client.clientAuthenticationMethod(authenticationMethod(method)));
		boolean usesSecret = methods.stream().anyMatch(method -> method.startsWith("client_secret"));
		if (usesSecret) {
			String secret = requiredString(metadata, "client_secret");
			client
				.clientSecret(methods.contains("client_secret_jwt") ? "{noop}" + secret : secretEncoder.encode(secret));
		}
		strings(metadata, "grant_types", List.of("authorization_code"))
			.forEach(grant -> client.authorizationGrantType(new AuthorizationGrantType(grant)));
		strings(metadata, "redirect_uris", List.of()).forEach(client::redirectUri);
		strings(metadata, "post_logout_redirect_uris", List.of()).forEach(client::postLogoutRedirectUri);
		optionalString(metadata, "scope").ifPresent(
				scope -> Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(client::scope));

		ClientSettings.Builder settings = ClientSettings.builder()
			.requireProofKey(bool(metadata, "require_pkce", methods.contains("none")))
			.requireAuthorizationConsent(bool(metadata, "require_consent", false))
			.setting(ClientSettingNames.ENABLED, bool(metadata, "enabled", true))
			.setting(ClientSettingNames.INTROSPECTION_ALLOWED, bool(metadata, INTROSPECTION_ALLOWED, false))
			.setting(DpopBoundAccessTokens.SETTING, bool(metadata, DpopBoundAccessTokens.METADATA, false));
		TlsClientAuthSubject.fromMetadata(metadata, methods.contains("tls_client_auth"))
			.ifPresent(subject -> subject.applyTo(settings));
		optionalString(metadata, "jwks_uri").ifPresent(settings::jwkSetUrl);
		inlineJwks(metadata, certificateFiles).ifPresent(jwks -> settings.setting(ClientSettingNames.JWKS, jwks));
		if (methods.contains("self_signed_tls_client_auth") && metadata.get("jwks") == null
				&& metadata.get("jwks_uri") == null && metadata.get("jwks_certificate_file") == null) {
			throw new InvalidClientMetadataException("jwks",
					"self_signed_tls_client_auth requires jwks or jwks_uri holding the client's certificate");
		}
		signingAlgorithm(metadata, methods).ifPresent(settings::tokenEndpointAuthenticationSigningAlgorithm);
		// FAPI 2.0 security_profile, require_pushed_authorization_requests,
		// request_object_signing_alg.
		FapiClientMetadata.applyTo(metadata, methods, settings);
		client.clientSettings(settings.build());

		TokenSettings.Builder tokens = TokenSettings.builder()
			.x509CertificateBoundAccessTokens(bool(metadata, "tls_client_certificate_bound_access_tokens", false))
			.accessTokenFormat(accessTokenFormat(metadata));
		seconds(metadata, "access_token_ttl").ifPresent(tokens::accessTokenTimeToLive);
		client.tokenSettings(tokens.build());
		try {
			return client.build();
		}
		catch (IllegalArgumentException ex) {
			// Spring's own checks (a grant that needs a redirect URI, ...); their wording
			// is not ours to show.
			throw new InvalidClientMetadataException("client_metadata",
					"is incomplete or inconsistent for the requested grant types and methods");
		}
	}

	/**
	 * A lifetime in whole seconds, at least one. Its upper bound is the server's
	 * ({@code authserver.token-lifetimes}), checked where the client is seeded and where
	 * any stored client is read ({@code TokenLifetimes}).
	 */
	private static Optional<Duration> seconds(Map<String, Object> metadata, String name) {
		Object value = metadata.get(name);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1) {
			throw new InvalidClientMetadataException(name, "must be a whole number of seconds, at least 1");
		}
		return Optional.of(Duration.ofSeconds(((Number) value).longValue()));
	}

	private static Optional<String> inlineJwks(Map<String, Object> metadata,
			Function<String, X509CertificateFile> certificateFiles) {
		Object jwks = metadata.get("jwks");
		if (jwks instanceof Map<?, ?> map) {
			JWKSet set;
			try {
				@SuppressWarnings("unchecked")
				Map<String, Object> json = (Map<String, Object>) map;
				set = JWKSet.parse(json);
			}
			catch (java.text.ParseException | RuntimeException ex) {
				throw new InvalidClientMetadataException("jwks",
						"is not a JWK Set (RFC 7517 section 5): an object with a \"keys\" array of JWKs");
			}
			String json = set.toString(false);
			ClientMetadataLimits.checkJwks(set.size(), json);
			return Optional.of(json);
		}
		if (jwks != null) {
			throw new InvalidClientMetadataException("jwks", "must be a JSON object with a keys array");
		}
		return optionalString(metadata, "jwks_certificate_file").map(file -> {
			try {
				JWK jwk = JWK.parse(certificateFiles.apply(file).certificate());
				return new JWKSet(jwk).toString(true);
			}
			catch (com.nimbusds.jose.JOSEException ex) {
				throw new InvalidClientMetadataException("jwks_certificate_file",
						"holds a certificate whose public key cannot be a JWK");
			}
		});
	}

	/**
	 * {@code token_endpoint_auth_signing_alg} (RFC 7591 section 2), defaulted for the JWT
	 * assertion methods.
	 */
	private static Optional<JwsAlgorithm> signingAlgorithm(Map<String, Object> metadata, List<String> methods) {
		Optional<String> named = optionalString(metadata, "token_endpoint_auth_signing_alg");
		if (named.isEmpty()) {
			if (methods.contains("private_key_jwt")) {
				return Optional.of(SignatureAlgorithm.RS256);
			}
			return methods.contains("client_secret_jwt") ? Optional.of(MacAlgorithm.HS256) : Optional.empty();
		}
		JwsAlgorithm algorithm = SignatureAlgorithm.from(named.get());
		if (algorithm == null) {
			algorithm = MacAlgorithm.from(named.get());
		}
		if (algorithm == null) {
			throw new InvalidClientMetadataException("token_endpoint_auth_signing_alg",
					"unsupported algorithm " + named.get());
		}
		return Optional.of(algorithm);
	}

	private static OAuth2TokenFormat accessTokenFormat(Map<String, Object> metadata) {
		String format = optionalString(metadata, "access_token_format").orElse("jwt");
		return switch (format) {
			case "jwt" -> OAuth2TokenFormat.SELF_CONTAINED;
			case "reference", "opaque" -> OAuth2TokenFormat.REFERENCE;
			default -> throw new InvalidClientMetadataException("access_token_format",
					"must be jwt or reference, not " + format);
		};
	}

	private static ClientAuthenticationMethod authenticationMethod(String method) {
		return switch (method) {
			case "client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none",
					"tls_client_auth", "self_signed_tls_client_auth" ->
				new ClientAuthenticationMethod(method);
			default ->
				throw new InvalidClientMetadataException("token_endpoint_auth_method", "unsupported method " + method);
		};
	}

	static Optional<String> optionalString(Map<String, Object> metadata, String name) {
		Object value = metadata.get(name);
		if (value == null) {
			return Optional.empty();
		}
		if (!(value instanceof String string) || string.isBlank()) {
			throw new InvalidClientMetadataException(name, "must be a non-empty string");
		}
		return Optional.of(string);
	}

	private static String requiredString(Map<String, Object> metadata, String name) {
		return optionalString(metadata, name)
			.orElseThrow(() -> new InvalidClientMetadataException(name, "is required"));
	}

	private static List<String> strings(Map<String, Object> metadata, String name, List<String> defaults) {
		Object value = metadata.get(name);
		if (value == null) {
			return defaults;
		}
		if (value instanceof String string) {
			return List.of(string);
		}
		if (value instanceof Collection<?> values && values.stream().allMatch(String.class::isInstance)) {
			return new ArrayList<>(values.stream().map(String.class::cast).toList());
		}
		throw new InvalidClientMetadataException(name, "must be an array of strings");
	}

	private static boolean bool(Map<String, Object> metadata, String name, boolean defaultValue) {
		Object value = metadata.get(name);
		if (value == null) {
			return defaultValue;
		}
		if (value instanceof Boolean flag) {
			return flag;
		}
		throw new InvalidClientMetadataException(name, "must be true or false");
	}

	/** A certificate read from a file named in seeding metadata. */
	public record X509CertificateFile(java.security.cert.X509Certificate certificate) {
	}

}
