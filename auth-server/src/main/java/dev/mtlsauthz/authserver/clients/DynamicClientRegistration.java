package dev.mtlsauthz.authserver.clients;

import java.text.ParseException;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.JWKSet;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2ClientMetadataClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2ClientRegistration;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.converter.RegisteredClientOAuth2ClientRegistrationConverter;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.dpop.DpopBoundAccessTokens;
import dev.mtlsauthz.authserver.fetch.AddressPolicy;

/**
 * Dynamic client registration (RFC 7591 section 3) with the RFC 8705 section 2.1.2
 * metadata, plugged into Spring Authorization Server's registration endpoint. The request
 * is read by {@link ClientMetadata}, the same code that reads the seeded clients, so
 * {@code token_endpoint_auth_method} {@code tls_client_auth} (with exactly one
 * {@code tls_client_auth_*} subject field) and {@code self_signed_tls_client_auth} (with
 * {@code jwks} or {@code jwks_uri}), and
 * {@code tls_client_certificate_bound_access_tokens}, are accepted, and returned in the
 * response. Metadata that cannot be registered is {@code invalid_client_metadata} (or
 * {@code invalid_redirect_uri}) with a description that names the field (RFC 7591 section
 * 3.2.2).
 *
 * <p>
 * The server, not the request, decides the {@code client_id}, the {@code client_secret},
 * and that every dynamically registered client asks its users for consent.
 *
 * <p>
 * The response also holds the client's {@code registration_access_token} and
 * {@code registration_client_uri} (RFC 7592 section 3). The same rules apply when the
 * client replaces its metadata there (RFC 7592 section 2.2, {@link #update}), and the
 * same response, less the secrets, describes it ({@link #clientInformation}).
 *
 * <p>
 * It gives Spring Authorization Server's
 * {@code OAuth2ClientRegistrationAuthenticationProvider} its converters in both
 * directions and its validator ({@link #configure}), in place of the stock
 * {@code OAuth2ClientRegistrationRegisteredClientConverter},
 * {@code RegisteredClientOAuth2ClientRegistrationConverter} and
 * {@code OAuth2ClientRegistrationAuthenticationValidator}, which know none of the RFC
 * 8705 metadata; the stock response converter still writes the fields they share.
 */
public class DynamicClientRegistration {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7591#section-3.2.2";

	private static final String UPDATE_ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7592#section-2.2";

	private static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";

	private static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";

	/** RFC 7592 section 3. */
	private static final String REGISTRATION_ACCESS_TOKEN = "registration_access_token";

	/** RFC 7592 section 3. */
	private static final String REGISTRATION_CLIENT_URI = "registration_client_uri";

	/**
	 * Carries a new registration access token from the request's conversion to the
	 * response.
	 */
	private static final String ISSUED_REGISTRATION_ACCESS_TOKEN = DynamicClientRegistration.class.getName()
			+ ".registrationAccessToken";

	/**
	 * Extensions of {@link ClientMetadata} that only the server's own configuration may
	 * set: none is RFC 7591 or RFC 8705 client metadata, and each decides what the server
	 * grants (token lifetimes and formats, PKCE, consent, introspection, whether the
	 * client is enabled), or reads a file on the server.
	 */
	private static final List<String> SERVER_ONLY = List.of("enabled", "jwks_certificate_file", "require_consent",
			"require_pkce", "access_token_ttl", "access_token_format", ClientMetadata.INTROSPECTION_ALLOWED);

	private final List<String> offeredScopes;

	private final Consumer<OAuth2ClientRegistrationAuthenticationContext> validator;

	private final PasswordEncoder passwordEncoder;

	private final UriComponents clientConfigurationEndpoint;

	private final StringKeyGenerator secrets = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(),
			32);

	private final RegisteredClientOAuth2ClientRegistrationConverter stockResponse = new RegisteredClientOAuth2ClientRegistrationConverter();

	private final AddressPolicy addressPolicy;

	public DynamicClientRegistration(AuthServerProperties properties, PasswordEncoder passwordEncoder,
			AddressPolicy addressPolicy) {
		this.offeredScopes = List.copyOf(properties.registration().scopes());
		this.addressPolicy = addressPolicy;
		this.validator = validator();
		this.passwordEncoder = passwordEncoder;
		this.clientConfigurationEndpoint = UriComponentsBuilder.fromUri(properties.issuer())
			.path(ClientConfigurationEndpoint.PATH)
			.build();
	}

	/**
	 * Makes Spring Authorization Server's registration provider read and write this
	 * server's metadata.
	 */
	public void configure(OAuth2ClientRegistrationAuthenticationProvider provider) {
		provider.setRegisteredClientConverter(registeredClient());
		provider.setClientRegistrationConverter(this::registrationResponse);
		provider.setAuthenticationValidator(validator);
	}

	/**
	 * RFC 7592 section 2.2: the client's metadata replaced by the request's, read and
	 * checked as at registration. The {@code client_id}, the issue time, the secret and
	 * the registration access token stay; a request may repeat the {@code client_id} and
	 * {@code client_secret} but not change them.
	 * @throws OAuth2AuthenticationException {@code invalid_client_metadata} or
	 * {@code invalid_redirect_uri} naming the field, or {@code invalid_request} for
	 * another {@code client_id} or {@code client_secret}
	 */
	public RegisteredClient update(RegisteredClient stored, OAuth2ClientRegistration request) {
		if (!stored.getClientId().equals(request.getClaimAsString(OAuth2ClientMetadataClaimNames.CLIENT_ID))) {
			throw invalidRequest("client_id: must be the client_id of the registration being updated");
		}
		if (request.getClientSecret() != null && (stored.getClientSecret() == null
				|| !passwordEncoder.matches(request.getClientSecret(), stored.getClientSecret()))) {
			throw invalidRequest("client_secret: must be the issued secret; a client cannot choose its secret");
		}
		validator.accept(OAuth2ClientRegistrationAuthenticationContext
			.with(new OAuth2ClientRegistrationAuthenticationToken(null, request))
			.build());
		RegisteredClient updated = toRegisteredClient(request, metadata -> keepIdentifiers(stored, metadata));
		ClientSettings.Builder settings = ClientSettings.withSettings(updated.getClientSettings().getSettings());
		// A client an operator registered has no registration access token.
		Object tokenHash = stored.getClientSettings().getSetting(ClientSettingNames.REGISTRATION_ACCESS_TOKEN_HASH);
		if (tokenHash != null) {
			settings.setting(ClientSettingNames.REGISTRATION_ACCESS_TOKEN_HASH, tokenHash);
		}
		return RegisteredClient.from(updated)
			.id(stored.getId())
			.clientIdIssuedAt(stored.getClientIdIssuedAt())
			.clientSecretExpiresAt(stored.getClientSecretExpiresAt())
			.clientSettings(settings.build())
			.build();
	}

	/**
	 * A registration made by an operator (the admin API and console): the metadata read
	 * and checked exactly as an RFC 7591 request's, with a {@code client_id} and, for a
	 * secret method, a {@code client_secret} issued by the server. No registration access
	 * token: the operator manages the client.
	 * @return the client to save, holding the hash of the secret, and the secret in clear
	 * to show once
	 * @throws OAuth2AuthenticationException {@code invalid_client_metadata} or
	 * {@code invalid_redirect_uri} naming the field
	 */
	public OperatorRegistration registerForOperator(OAuth2ClientRegistration request) {
		validator.accept(OAuth2ClientRegistrationAuthenticationContext
			.with(new OAuth2ClientRegistrationAuthenticationToken(null, request))
			.build());
		String[] secret = new String[1];
		RegisteredClient client = toRegisteredClient(request, metadata -> {
			issueIdentifiers(metadata);
			secret[0] = (String) metadata.get(OAuth2ClientMetadataClaimNames.CLIENT_SECRET);
		});
		if (secret[0] != null) {
			client = RegisteredClient.from(client).clientSecret(passwordEncoder.encode(secret[0])).build();
		}
		return new OperatorRegistration(client, secret[0]);
	}

	/**
	 * A new client secret for a client that authenticates with one, from the same
	 * generator as at registration.
	 * @return the client to save, holding the new secret's hash, and the secret in clear
	 */
	public OperatorRegistration rotateSecret(RegisteredClient client) {
		String secret = secrets.generateKey();
		return new OperatorRegistration(
				RegisteredClient.from(client).clientSecret(passwordEncoder.encode(secret)).build(), secret);
	}

	/**
	 * A client registered by an operator and its secret in clear ({@code null} for a
	 * method without one), which is shown once and never stored.
	 */
	public record OperatorRegistration(RegisteredClient client, String clientSecret) {
	}

	/**
	 * RFC 7592 section 3: the response to reading or updating a registration. It is the
	 * registration response without the {@code client_secret}, of which only a hash is
	 * stored, and without the registration access token, which the client already holds.
	 */
	public OAuth2ClientRegistration clientInformation(RegisteredClient client) {
		Map<String, Object> claims = registeredMetadata(client);
		claims.remove(OAuth2ClientMetadataClaimNames.CLIENT_SECRET);
		return OAuth2ClientRegistration.withClaims(claims).build();
	}

	private Consumer<OAuth2ClientRegistrationAuthenticationContext> validator() {
		Consumer<OAuth2ClientRegistrationAuthenticationContext> scopes = context -> Optional
			.ofNullable(context.<OAuth2ClientRegistrationAuthenticationToken>getAuthentication()
				.getClientRegistration()
				.getScopes())
			.orElse(List.of())
			.stream()
			.filter(scope -> !offeredScopes.contains(scope))
			.findFirst()
			.ifPresent(scope -> {
				throw error(new InvalidClientMetadataException("scope",
						"\"" + scope + "\" is not offered to dynamically registered clients; offered: "
								+ String.join(" ", offeredScopes)));
			});
		// RFC 7591 section 5: the server fetches jwks_uri, so a client must not be able
		// to point it at the server's own network.
		Consumer<OAuth2ClientRegistrationAuthenticationContext> fetchableJwksUri = context -> Optional
			.ofNullable(context.<OAuth2ClientRegistrationAuthenticationToken>getAuthentication()
				.getClientRegistration()
				.getJwkSetUrl())
			.flatMap(url -> {
				try {
					return addressPolicy.refusal(url.toURI());
				}
				catch (java.net.URISyntaxException ex) {
					return Optional.of("is not a URI");
				}
			})
			.ifPresent(reason -> {
				throw error(new InvalidClientMetadataException(OAuth2ClientMetadataClaimNames.JWKS_URI, reason));
			});
		return OAuth2ClientRegistrationAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR
			.andThen(OAuth2ClientRegistrationAuthenticationValidator.DEFAULT_JWK_SET_URI_VALIDATOR)
			.andThen(fetchableJwksUri)
			.andThen(scopes);
	}

	/**
	 * RFC 7591 section 3.1 request → registered client, through {@link ClientMetadata},
	 * holding the hash of a new registration access token.
	 */
	private Converter<OAuth2ClientRegistration, RegisteredClient> registeredClient() {
		return registration -> {
			RegisteredClient client = toRegisteredClient(registration, this::issueIdentifiers);
			RegistrationAccessToken token = RegistrationAccessToken.generate();
			// Spring Authorization Server converts the request, saves the client and
			// converts it back for the
			// response within one call, and passes nothing from the first converter to
			// the second. The request
			// is exactly that call's scope: the hash is saved in the same write as the
			// client (no second write
			// that could fail and leave a client nobody can manage), and the token
			// reaches the response without
			// being stored anywhere, neither in the database nor in the session.
			RequestContextHolder.currentRequestAttributes()
				.setAttribute(ISSUED_REGISTRATION_ACCESS_TOKEN, token.value(), RequestAttributes.SCOPE_REQUEST);
			return RegisteredClient.from(client).clientSettings(token.hashedInto(client.getClientSettings())).build();
		};
	}

	private RegisteredClient toRegisteredClient(OAuth2ClientRegistration request,
			Consumer<Map<String, Object>> identifiers) {
		try {
			Map<String, Object> metadata = metadata(request);
			identifiers.accept(metadata);
			return ClientMetadata.toRegisteredClient(metadata, serverEncodesSecret(), file -> {
				throw new InvalidClientMetadataException("jwks_certificate_file", "is not accepted here");
			});
		}
		catch (InvalidClientMetadataException ex) {
			throw error(ex);
		}
	}

	/**
	 * At registration the server issues the {@code client_id}, and a
	 * {@code client_secret} for a secret method.
	 */
	private void issueIdentifiers(Map<String, Object> metadata) {
		metadata.put(OAuth2ClientMetadataClaimNames.CLIENT_ID, UUID.randomUUID().toString());
		if (usesSecret(metadata)) {
			metadata.put(OAuth2ClientMetadataClaimNames.CLIENT_SECRET, secrets.generateKey());
		}
	}

	/**
	 * At an update the client keeps its {@code client_id} and its secret's hash; a client
	 * registered without a secret cannot switch to a secret method, since a secret is
	 * only ever handed out in a registration response.
	 */
	private static void keepIdentifiers(RegisteredClient stored, Map<String, Object> metadata) {
		metadata.put(OAuth2ClientMetadataClaimNames.CLIENT_ID, stored.getClientId());
		if (usesSecret(metadata)) {
			if (stored.getClientSecret() == null) {
				throw new InvalidClientMetadataException(OAuth2ClientMetadataClaimNames.TOKEN_ENDPOINT_AUTH_METHOD,
						"a client registered without a client_secret cannot change to "
								+ metadata.get(OAuth2ClientMetadataClaimNames.TOKEN_ENDPOINT_AUTH_METHOD)
								+ "; register a new client");
			}
			metadata.put(OAuth2ClientMetadataClaimNames.CLIENT_SECRET, stored.getClientSecret());
		}
	}

	private static boolean usesSecret(Map<String, Object> metadata) {
		return String.valueOf(metadata.get(OAuth2ClientMetadataClaimNames.TOKEN_ENDPOINT_AUTH_METHOD))
			.startsWith("client_secret");
	}

	/**
	 * The request as the JSON document {@link ClientMetadata} reads: Spring parsed
	 * {@code scope} into a list and {@code jwks_uri} into a URL, and the server decides
	 * the identifiers. The fields RFC 7592 section 2.2 tells the server to ignore are
	 * dropped.
	 */
	private Map<String, Object> metadata(OAuth2ClientRegistration registration) {
		Map<String, Object> metadata = new LinkedHashMap<>(registration.getClaims());
		SERVER_ONLY.stream().filter(metadata::containsKey).findFirst().ifPresent(name -> {
			throw new InvalidClientMetadataException(name, "is set by the authorization server, not by the client");
		});
		metadata.remove(OAuth2ClientMetadataClaimNames.CLIENT_ID);
		metadata.remove(OAuth2ClientMetadataClaimNames.CLIENT_SECRET);
		metadata.remove(REGISTRATION_ACCESS_TOKEN);
		metadata.remove(REGISTRATION_CLIENT_URI);
		metadata.remove(OAuth2ClientMetadataClaimNames.CLIENT_ID_ISSUED_AT);
		metadata.remove(OAuth2ClientMetadataClaimNames.CLIENT_SECRET_EXPIRES_AT);
		metadata.computeIfPresent(OAuth2ClientMetadataClaimNames.JWKS_URI, (name, url) -> url.toString());
		metadata.computeIfPresent(OAuth2ClientMetadataClaimNames.SCOPE,
				(name, scopes) -> scopes instanceof Collection<?> list
						? String.join(" ", list.stream().map(String::valueOf).toList()) : scopes);
		String method = registration.getTokenEndpointAuthenticationMethod() != null
				? registration.getTokenEndpointAuthenticationMethod()
				: ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue();
		if (ClientAuthenticationMethod.CLIENT_SECRET_JWT.getValue().equals(method)) {
			throw new InvalidClientMetadataException(OAuth2ClientMetadataClaimNames.TOKEN_ENDPOINT_AUTH_METHOD,
					"client_secret_jwt is not offered at registration (it needs the secret stored in clear); use "
							+ "private_key_jwt, tls_client_auth or self_signed_tls_client_auth");
		}
		metadata.put(OAuth2ClientMetadataClaimNames.TOKEN_ENDPOINT_AUTH_METHOD, method);
		List<?> grants = registration.getGrantTypes();
		boolean authorizationCode = grants == null || grants.contains("authorization_code");
		if (authorizationCode && (registration.getRedirectUris() == null || registration.getRedirectUris().isEmpty())) {
			throw new InvalidClientMetadataException(OAuth2ClientMetadataClaimNames.REDIRECT_URIS,
					"the authorization_code grant needs at least one redirect URI");
		}
		metadata.put("require_consent", true);
		return metadata;
	}

	/**
	 * Spring Authorization Server hashes the secret of the converted client itself, and
	 * returns it in clear in the response; {@link ClientMetadata} must therefore leave it
	 * as it is.
	 */
	@SuppressWarnings("deprecation")
	private static PasswordEncoder serverEncodesSecret() {
		return NoOpPasswordEncoder.getInstance();
	}

	/**
	 * RFC 7591 section 3.2.1: the registered metadata with the generated
	 * {@code client_secret}, if any, and the RFC 7592 section 3
	 * {@code registration_access_token} and {@code registration_client_uri}.
	 */
	private OAuth2ClientRegistration registrationResponse(RegisteredClient client) {
		Map<String, Object> claims = registeredMetadata(client);
		claims.put(REGISTRATION_ACCESS_TOKEN, RequestContextHolder.currentRequestAttributes()
			.getAttribute(ISSUED_REGISTRATION_ACCESS_TOKEN, RequestAttributes.SCOPE_REQUEST));
		return OAuth2ClientRegistration.withClaims(claims).build();
	}

	/**
	 * The client's metadata, including this server's RFC 8705 fields, and where the
	 * client manages it.
	 */
	private Map<String, Object> registeredMetadata(RegisteredClient client) {
		Map<String, Object> claims = new LinkedHashMap<>(stockResponse.convert(client).getClaims());
		TlsClientAuthSubject.fromSettings(client.getClientSettings())
			.ifPresent(subject -> claims.put(subject.field().metadataName(), subject.expected()));
		Object jwks = client.getClientSettings().getSetting(ClientSettingNames.JWKS);
		if (jwks instanceof String json) {
			try {
				claims.put("jwks", JWKSet.parse(json).toJSONObject(true));
			}
			catch (ParseException ex) {
				throw new IllegalStateException("Stored jwks of client " + client.getClientId() + " is invalid", ex);
			}
		}
		claims.put("tls_client_certificate_bound_access_tokens",
				client.getTokenSettings().isX509CertificateBoundAccessTokens());
		claims.put(DpopBoundAccessTokens.METADATA, DpopBoundAccessTokens.required(client));
		claims.put(REGISTRATION_CLIENT_URI,
				clientConfigurationEndpoint.expand(client.getClientId()).encode().toUriString());
		return claims;
	}

	private static OAuth2AuthenticationException invalidRequest(String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, UPDATE_ERROR_URI));
	}

	private static OAuth2AuthenticationException error(InvalidClientMetadataException ex) {
		String code = OAuth2ClientMetadataClaimNames.REDIRECT_URIS.equals(ex.field()) ? INVALID_REDIRECT_URI
				: INVALID_CLIENT_METADATA;
		return new OAuth2AuthenticationException(new OAuth2Error(code, ex.getMessage(), ERROR_URI), ex);
	}

}
