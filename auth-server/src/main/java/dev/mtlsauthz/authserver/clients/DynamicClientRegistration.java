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
import org.springframework.security.oauth2.server.authorization.OAuth2ClientMetadataClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2ClientRegistration;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.converter.RegisteredClientOAuth2ClientRegistrationConverter;

import org.springframework.stereotype.Component;

import dev.mtlsauthz.authserver.AuthServerProperties;

/**
 * Dynamic client registration (RFC 7591 section 3) with the RFC 8705 section 2.1.2 metadata, plugged into Spring
 * Authorization Server's registration endpoint. The request is read by {@link ClientMetadata}, the same code that
 * reads the seeded clients, so {@code token_endpoint_auth_method} {@code tls_client_auth} (with exactly one
 * {@code tls_client_auth_*} subject field) and {@code self_signed_tls_client_auth} (with {@code jwks} or
 * {@code jwks_uri}), and {@code tls_client_certificate_bound_access_tokens}, are accepted, and returned in the
 * response. Metadata that cannot be registered is {@code invalid_client_metadata} (or
 * {@code invalid_redirect_uri}) with a description that names the field (RFC 7591 section 3.2.2).
 *
 * <p>The server, not the request, decides the {@code client_id}, the {@code client_secret}, and that every
 * dynamically registered client asks its users for consent.
 */
@Component
public class DynamicClientRegistration {

    private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7591#section-3.2.2";

    private static final String INVALID_CLIENT_METADATA = "invalid_client_metadata";

    private static final String INVALID_REDIRECT_URI = "invalid_redirect_uri";

    /** Extensions of {@link ClientMetadata} that only the server's own configuration may set. */
    private static final List<String> SERVER_ONLY = List.of("enabled", "jwks_certificate_file", "require_consent");

    private final List<String> offeredScopes;

    private final StringKeyGenerator secrets = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(),
            32);

    private final RegisteredClientOAuth2ClientRegistrationConverter stockResponse =
            new RegisteredClientOAuth2ClientRegistrationConverter();

    public DynamicClientRegistration(AuthServerProperties properties) {
        this.offeredScopes = List.copyOf(properties.registration().scopes());
    }

    /** Makes Spring Authorization Server's registration provider read and write this server's metadata. */
    public void configure(OAuth2ClientRegistrationAuthenticationProvider provider) {
        provider.setRegisteredClientConverter(registeredClient());
        provider.setClientRegistrationConverter(this::response);
        provider.setAuthenticationValidator(validator());
    }

    private Consumer<OAuth2ClientRegistrationAuthenticationContext> validator() {
        Consumer<OAuth2ClientRegistrationAuthenticationContext> scopes = context -> Optional
                .ofNullable(context.<OAuth2ClientRegistrationAuthenticationToken>getAuthentication()
                        .getClientRegistration().getScopes())
                .orElse(List.of()).stream().filter(scope -> !offeredScopes.contains(scope)).findFirst().ifPresent(scope -> {
                    throw error(new InvalidClientMetadataException("scope",
                            "\"" + scope + "\" is not offered to dynamically registered clients; offered: "
                                    + String.join(" ", offeredScopes)));
                });
        return OAuth2ClientRegistrationAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR
                .andThen(OAuth2ClientRegistrationAuthenticationValidator.DEFAULT_JWK_SET_URI_VALIDATOR)
                .andThen(scopes);
    }

    /** RFC 7591 section 3.1 request → registered client, through {@link ClientMetadata}. */
    private Converter<OAuth2ClientRegistration, RegisteredClient> registeredClient() {
        return registration -> {
            try {
                return ClientMetadata.toRegisteredClient(metadata(registration), serverEncodesSecret(), file -> {
                    throw new InvalidClientMetadataException("jwks_certificate_file", "is not accepted here");
                });
            } catch (InvalidClientMetadataException ex) {
                throw error(ex);
            }
        };
    }

    /**
     * The request as the JSON document {@link ClientMetadata} reads: Spring parsed {@code scope} into a list and
     * {@code jwks_uri} into a URL, and the server issues the identifiers.
     */
    private Map<String, Object> metadata(OAuth2ClientRegistration registration) {
        Map<String, Object> metadata = new LinkedHashMap<>(registration.getClaims());
        SERVER_ONLY.stream().filter(metadata::containsKey).findFirst().ifPresent(name -> {
            throw new InvalidClientMetadataException(name, "is set by the authorization server, not at registration");
        });
        metadata.remove(OAuth2ClientMetadataClaimNames.CLIENT_ID_ISSUED_AT);
        metadata.remove(OAuth2ClientMetadataClaimNames.CLIENT_SECRET_EXPIRES_AT);
        metadata.computeIfPresent(OAuth2ClientMetadataClaimNames.JWKS_URI, (name, url) -> url.toString());
        metadata.computeIfPresent(OAuth2ClientMetadataClaimNames.SCOPE,
                (name, scopes) -> scopes instanceof Collection<?> list ? String.join(" ",
                        list.stream().map(String::valueOf).toList()) : scopes);
        String method = registration.getTokenEndpointAuthenticationMethod() != null
                ? registration.getTokenEndpointAuthenticationMethod()
                : ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue();
        if (ClientAuthenticationMethod.CLIENT_SECRET_JWT.getValue().equals(method)) {
            throw new InvalidClientMetadataException(OAuth2ClientMetadataClaimNames.TOKEN_ENDPOINT_AUTH_METHOD,
                    "client_secret_jwt is not offered at registration (it needs the secret stored in clear); use "
                            + "private_key_jwt, tls_client_auth or self_signed_tls_client_auth");
        }
        metadata.put(OAuth2ClientMetadataClaimNames.TOKEN_ENDPOINT_AUTH_METHOD, method);
        metadata.put(OAuth2ClientMetadataClaimNames.CLIENT_ID, UUID.randomUUID().toString());
        metadata.remove(OAuth2ClientMetadataClaimNames.CLIENT_SECRET);
        if (method.startsWith("client_secret")) {
            metadata.put(OAuth2ClientMetadataClaimNames.CLIENT_SECRET, secrets.generateKey());
        }
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
     * Spring Authorization Server hashes the secret of the converted client itself, and returns it in clear in the
     * response; {@link ClientMetadata} must therefore leave it as it is.
     */
    @SuppressWarnings("deprecation")
    private static PasswordEncoder serverEncodesSecret() {
        return NoOpPasswordEncoder.getInstance();
    }

    /** RFC 7591 section 3.2.1: the registered metadata, including this server's RFC 8705 fields. */
    private OAuth2ClientRegistration response(RegisteredClient client) {
        Map<String, Object> claims = new LinkedHashMap<>(stockResponse.convert(client).getClaims());
        TlsClientAuthSubject.fromSettings(client.getClientSettings())
                .ifPresent(subject -> claims.put(subject.field().metadataName(), subject.expected()));
        Object jwks = client.getClientSettings().getSetting(ClientSettingNames.JWKS);
        if (jwks instanceof String json) {
            try {
                claims.put("jwks", JWKSet.parse(json).toJSONObject(true));
            } catch (ParseException ex) {
                throw new IllegalStateException("Stored jwks of client " + client.getClientId() + " is invalid", ex);
            }
        }
        claims.put("tls_client_certificate_bound_access_tokens",
                client.getTokenSettings().isX509CertificateBoundAccessTokens());
        return OAuth2ClientRegistration.withClaims(claims).build();
    }

    private static OAuth2AuthenticationException error(InvalidClientMetadataException ex) {
        String code = OAuth2ClientMetadataClaimNames.REDIRECT_URIS.equals(ex.field()) ? INVALID_REDIRECT_URI
                : INVALID_CLIENT_METADATA;
        return new OAuth2AuthenticationException(new OAuth2Error(code, ex.getMessage(), ERROR_URI), ex);
    }
}
