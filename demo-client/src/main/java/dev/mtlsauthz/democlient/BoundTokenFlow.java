package dev.mtlsauthz.democlient;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.discovery.AuthorizationServerMetadata;
import dev.mtlsauthz.mtls.X5tS256;

/**
 * Steps 3 to 5 for one client and one certificate: a token at the mTLS alias of the token
 * endpoint, its {@code cnf.x5t#S256} in the token and in the introspection response (RFC
 * 8705 section 3.1), and the resource API accepting it with that certificate only
 * (section 3).
 */
final class BoundTokenFlow {

	static final String TOKEN_ENDPOINT = "token_endpoint";

	enum TokenFormat {

		/** A self-contained token (RFC 9068) whose {@code cnf} the client can read. */
		JWT,
		/** A reference token; only introspection (RFC 7662) shows its {@code cnf}. */
		OPAQUE

	}

	private final DemoOptions options;

	private final AuthorizationServerMetadata metadata;

	private final List<X509Certificate> trustAnchors;

	private final Steps steps;

	BoundTokenFlow(DemoOptions options, AuthorizationServerMetadata metadata, List<X509Certificate> trustAnchors,
			Steps steps) {
		this.options = options;
		this.metadata = metadata;
		this.trustAnchors = trustAnchors;
		this.steps = steps;
	}

	/**
	 * Runs steps 3 to 5 with ids prefixed by {@code prefix} ("6a." gives "6a.3", "6a.4a",
	 * ...).
	 * @throws StepFailure when no token could be obtained; later failures are recorded
	 * and the flow goes on
	 */
	void run(String prefix, ClientAuthentication client, IssuedCertificate certificate, TokenFormat format) {
		TlsClient tls = TlsClient.presenting(certificate, trustAnchors);
		X5tS256 thumbprint = X5tS256.of(certificate.certificate());
		AccessToken token = steps.run(prefix + "3", "Token at the mTLS alias",
				() -> requestToken(tls, client, thumbprint));
		if (format == TokenFormat.JWT) {
			steps.attempt(prefix + "4a", "cnf in the access token (JWT)", () -> readJwtConfirmation(token, thumbprint));
		}
		else {
			steps.attempt(prefix + "4a", "Access token is an opaque reference", () -> checkOpaque(token, client));
		}
		steps.attempt(prefix + "4b", "cnf in the introspection response", () -> introspect(token, thumbprint));
		steps.attempt(prefix + "5a", "API with the same certificate",
				() -> callApi(tls, token, client, thumbprint, format));
		steps.attempt(prefix + "5b", "API with another fresh certificate", () -> {
			IssuedCertificate other = RoundTrip.ephemeralCertificate("someone else holding the token");
			return expectRefused(TlsClient.presenting(other, trustAnchors), token)
				.detail("presented x5t#S256", X5tS256.of(other.certificate()).value())
				.detail("token bound to", thumbprint.value());
		});
		steps.attempt(prefix + "5c", "API without a certificate",
				() -> expectRefused(TlsClient.withoutCertificate(trustAnchors), token).detail("token bound to",
						thumbprint.value()));
	}

	private Outcome<AccessToken> requestToken(TlsClient tls, ClientAuthentication client, X5tS256 thumbprint)
			throws Exception {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "client_credentials");
		form.put("scope", options.scope());
		Map<String, String> headers = new LinkedHashMap<>();
		client.applyTo(form, headers);
		URI endpoint = metadata.mtlsEndpoint(TOKEN_ENDPOINT).orElseThrow();
		JsonResponse response = JsonResponse.of(tls.postForm(endpoint, form, headers));
		if (response.status() != 200) {
			throw new StepFailure("POST " + endpoint + " answered " + response.describeError());
		}
		TokenResponse token = TokenResponse.parse(response);
		if (token.accessToken().value() == null || !"Bearer".equalsIgnoreCase(token.tokenType())) {
			throw new StepFailure("expected a Bearer access_token, got token_type " + token.tokenType());
		}
		return Outcome
			.of(token.accessToken(),
					"200, " + token.tokenType() + " token, scope " + token.scope()
							+ (token.expiresIn() != null ? ", expires in " + token.expiresIn() + " s" : ""))
			.detail("POST", endpoint)
			.detail("client", client.clientId() + " (" + client.method() + ")")
			.detail("presented x5t#S256", thumbprint.value())
			.detail("access_token", token.accessToken().abbreviated());
	}

	private Outcome<Void> readJwtConfirmation(AccessToken token, X5tS256 thumbprint) {
		Map<String, Object> claims = token.claims()
			.orElseThrow(() -> new StepFailure("the access token is not a JWT: " + token.abbreviated()));
		X5tS256 confirmation = confirmation(claims, "the access token");
		if (!confirmation.equals(thumbprint)) {
			throw new StepFailure(
					"cnf.x5t#S256 is " + confirmation + ", our certificate's thumbprint is " + thumbprint);
		}
		if (!metadata.issuer().equals(claims.get("iss"))) {
			throw new StepFailure("iss is " + claims.get("iss") + ", not the issuer " + metadata.issuer()
					+ ": a token from the mTLS alias must carry the same iss (RFC 8705 section 5)");
		}
		return Outcome.<Void>of(null, "cnf.x5t#S256 equals our certificate's thumbprint")
			.detail("cnf.x5t#S256", confirmation)
			.detail("iss", claims.get("iss"))
			.detail("sub", claims.get("sub"))
			.detail("scope", claims.get("scope"));
	}

	private Outcome<Void> checkOpaque(AccessToken token, ClientAuthentication client) {
		if (token.isJwt()) {
			throw new StepFailure(client.clientId() + " should receive opaque reference tokens, but got a JWT");
		}
		return Outcome.<Void>of(null, "nothing to decode; introspection shows its cnf")
			.detail("access_token", token.abbreviated());
	}

	private Outcome<Void> introspect(AccessToken token, X5tS256 thumbprint) throws Exception {
		URI endpoint = metadata.endpoint("introspection_endpoint")
			.orElseThrow(() -> new StepFailure("the metadata has no introspection_endpoint"));
		ClientSecretBasic resourceServer = options.introspectionClient();
		Map<String, String> form = new LinkedHashMap<>();
		form.put("token", token.value());
		form.put("token_type_hint", "access_token");
		Map<String, String> headers = new LinkedHashMap<>();
		resourceServer.applyTo(form, headers);
		// The resource server's own credentials are enough: introspection does not need
		// the bound certificate.
		JsonResponse response = JsonResponse
			.of(TlsClient.withoutCertificate(trustAnchors).postForm(endpoint, form, headers));
		if (response.status() != 200) {
			throw new StepFailure("POST " + endpoint + " answered " + response.describeError());
		}
		if (!Boolean.TRUE.equals(response.json().get("active"))) {
			throw new StepFailure("the introspection response says the token is not active: " + response.body());
		}
		X5tS256 confirmation = confirmation(response.json(), "the introspection response");
		if (!confirmation.equals(thumbprint)) {
			throw new StepFailure("introspection says cnf.x5t#S256 is " + confirmation
					+ ", our certificate's thumbprint is " + thumbprint);
		}
		return Outcome.<Void>of(null, "active, cnf.x5t#S256 equals our certificate's thumbprint")
			.detail("POST", endpoint + " as " + resourceServer.clientId() + ", no certificate")
			.detail("cnf.x5t#S256", confirmation)
			.detail("client_id", response.string("client_id"))
			.detail("token_type", response.string("token_type"));
	}

	private static X5tS256 confirmation(Map<String, Object> claims, String where) {
		try {
			return X5tS256.fromClaims(claims)
				.orElseThrow(() -> new StepFailure(where + " has no cnf.x5t#S256: the token is not bound"));
		}
		catch (IllegalArgumentException ex) {
			throw new StepFailure(where + " has a malformed cnf.x5t#S256: " + ex.getMessage());
		}
	}

	/**
	 * The resource API shows the token's {@code cnf.x5t#S256} next to the thumbprint of
	 * the certificate the request presented ({@code certificate.x5t#S256}); both must be
	 * ours.
	 */
	private Outcome<Void> callApi(TlsClient tls, AccessToken token, ClientAuthentication client, X5tS256 thumbprint,
			TokenFormat format) throws Exception {
		URI whoami = whoami();
		HttpResponse<String> http = tls.get(whoami, Map.of("Authorization", "Bearer " + token.value()));
		JsonResponse response = JsonResponse.of(http);
		if (response.status() != 200) {
			throw new StepFailure("GET " + whoami + " answered " + response.status()
					+ TlsClient.header(http, "WWW-Authenticate").map(value -> " " + value).orElse(""));
		}
		Map<String, String> members = flatten("", response.json(), new LinkedHashMap<>());
		for (String member : List.of("cnf.x5t#S256", "certificate.x5t#S256")) {
			if (!thumbprint.value().equals(members.get(member))) {
				throw new StepFailure("whoami's " + member + " should be our certificate's thumbprint " + thumbprint
						+ ", whoami says " + response.body());
			}
		}
		String clientId = members.get("client_id");
		if (clientId != null && !"null".equals(clientId) && !client.clientId().equals(clientId)) {
			throw new StepFailure("whoami names client " + clientId + ", not " + client.clientId());
		}
		String tokenType = format.name().toLowerCase(Locale.ROOT);
		if (!tokenType.equals(members.get("token_type"))) {
			throw new StepFailure("whoami says token_type " + members.get("token_type") + ", expected " + tokenType);
		}
		Outcome<Void> outcome = Outcome.of(null, "200 GET " + whoami.getPath());
		members.forEach(outcome::detail);
		return outcome;
	}

	private Outcome<Void> expectRefused(TlsClient tls, AccessToken token) throws Exception {
		URI whoami = whoami();
		HttpResponse<String> response = tls.get(whoami, Map.of("Authorization", "Bearer " + token.value()));
		Optional<BearerChallenge> challenge = BearerChallenge
			.parse(TlsClient.header(response, "WWW-Authenticate").orElse(null));
		String error = challenge.map(BearerChallenge::error).orElse(null);
		if (response.statusCode() != 401 || !"invalid_token".equals(error)) {
			throw new StepFailure("expected 401 with WWW-Authenticate: Bearer error=\"invalid_token\", got "
					+ response.statusCode() + " " + TlsClient.header(response, "WWW-Authenticate").orElse(""));
		}
		String description = challenge.map(BearerChallenge::errorDescription).orElse(null);
		return Outcome.of(null, "401 invalid_token" + (description != null ? ": " + description : ""));
	}

	private URI whoami() {
		return URI.create(options.api() + "/api/whoami");
	}

	/**
	 * Nested members as dotted names ({@code cnf.x5t#S256}), lists as comma-separated
	 * values.
	 */
	private static Map<String, String> flatten(String prefix, Map<?, ?> json, Map<String, String> into) {
		json.forEach((name, value) -> {
			if (value instanceof Map<?, ?> nested) {
				flatten(prefix + name + ".", nested, into);
			}
			else if (value instanceof List<?> list) {
				into.put(prefix + name, String.join(" ", list.stream().map(String::valueOf).toList()));
			}
			else {
				into.put(prefix + name, String.valueOf(value));
			}
		});
		return into;
	}

}
