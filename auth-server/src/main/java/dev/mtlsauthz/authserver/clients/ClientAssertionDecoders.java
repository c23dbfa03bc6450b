package dev.mtlsauthz.authserver.clients;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.fetch.ClientUrlFetcher;
import dev.mtlsauthz.authserver.mtls.MtlsEndpoints;

/**
 * Verifies client assertions (RFC 7523 section 3) for {@code client_secret_jwt} and
 * {@code private_key_jwt}. Unlike Spring Authorization Server's
 * {@code JwtClientAssertionDecoderFactory}, which it replaces, it reads keys from an
 * inline {@code jwks} as well as from {@code jwks_uri}, and it accepts as audience the
 * issuer and every endpoint URL a client may send the assertion to, the mTLS aliases
 * included (a client that calls the alias token endpoint naturally names it, as the FAPI
 * conformance suite does). Each assertion must carry a {@code jti}, live no longer than
 * {@code authserver.client-authentication.max-assertion-lifetime}, and is accepted once
 * ({@link ClientAssertionValidator}).
 * <p>
 * The decoders are cached per instance and safe to lose: one is rebuilt whenever the
 * client's registration differs from the one it was built for, as after a change made at
 * another instance.
 */
public class ClientAssertionDecoders implements JwtDecoderFactory<RegisteredClient> {

	private final Set<String> audiences;

	/** What Spring Security's {@code JwtTimestampValidator} allows by default. */
	private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private final Map<String, CachedDecoder> decoders = new ConcurrentHashMap<>();

	private final UsedClientAssertions usedAssertions;

	private final Duration maxLifetime;

	private final Clock clock;

	private final ClientUrlFetcher fetcher;

	public ClientAssertionDecoders(AuthServerProperties properties, AuthorizationServerSettings settings,
			MtlsEndpoints endpoints, UsedClientAssertions usedAssertions, ClientUrlFetcher fetcher, Clock clock) {
		this.usedAssertions = usedAssertions;
		this.fetcher = fetcher;
		this.maxLifetime = properties.clientAuthentication().maxAssertionLifetime();
		this.clock = clock;
		String issuer = properties.issuer().toString();
		List<String> paths = List.of(settings.getTokenEndpoint(), settings.getTokenIntrospectionEndpoint(),
				settings.getTokenRevocationEndpoint(), settings.getPushedAuthorizationRequestEndpoint(),
				settings.getDeviceAuthorizationEndpoint());
		Stream<String> aliases = endpoints.aliased() ? paths.stream().map(endpoints::alias) : Stream.empty();
		this.audiences = Stream
			.concat(Stream.concat(Stream.of(issuer), paths.stream().map(path -> issuer + path)), aliases)
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		CachedDecoder cached = decoders.get(client.getClientId());
		if (cached != null && cached.client().equals(client)) {
			return cached.decoder();
		}
		NimbusJwtDecoder decoder = build(client);
		JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
		timestamps.setClock(clock);
		decoder.setJwtValidator(new ClientAssertionValidator(
				new DelegatingOAuth2TokenValidator<>(
						new JwtClaimValidator<String>(JwtClaimNames.ISS, client.getClientId()::equals),
						new JwtClaimValidator<String>(JwtClaimNames.SUB, client.getClientId()::equals),
						new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
								aud -> aud != null && aud.stream().anyMatch(audiences::contains)),
						new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull), timestamps),
				usedAssertions, maxLifetime, CLOCK_SKEW, clock));
		decoders.put(client.getClientId(), new CachedDecoder(client, decoder));
		return decoder;
	}

	private NimbusJwtDecoder build(RegisteredClient client) {
		JwsAlgorithm algorithm = client.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm();
		if (algorithm instanceof MacAlgorithm mac) {
			String secret = client.getClientSecret();
			if (secret == null || !secret.startsWith("{noop}")) {
				throw invalidClient("client_secret_jwt needs the client secret as an HMAC key, and none is stored");
			}
			byte[] key = secret.substring("{noop}".length()).getBytes(StandardCharsets.UTF_8);
			return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, jcaName(mac))).macAlgorithm(mac).build();
		}
		if (algorithm instanceof SignatureAlgorithm signature) {
			String inline = client.getClientSettings().getSetting(ClientSettingNames.JWKS);
			if (inline != null) {
				try {
					return NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(JWKSet.parse(inline)))
						.jwsAlgorithm(signature)
						.build();
				}
				catch (ParseException ex) {
					throw invalidClient("The client's registered jwks cannot be read");
				}
			}
			if (client.getClientSettings().getJwkSetUrl() != null) {
				try {
					URL jwkSetUrl = URI.create(client.getClientSettings().getJwkSetUrl()).toURL();
					// Fetched through the SSRF-safe fetcher, never Spring's RestTemplate.
					return NimbusJwtDecoder
						.withJwkSource(JWKSourceBuilder.<SecurityContext>create(jwkSetUrl, fetcher).build())
						.jwsAlgorithm(signature)
						.build();
				}
				catch (MalformedURLException | IllegalArgumentException ex) {
					throw invalidClient("The client's registered jwks_uri is not a URL");
				}
			}
			throw invalidClient("private_key_jwt needs jwks or jwks_uri in the client's registration");
		}
		throw invalidClient("The client has no token_endpoint_auth_signing_alg");
	}

	private static String jcaName(MacAlgorithm algorithm) {
		return switch (algorithm) {
			case HS384 -> "HmacSHA384";
			case HS512 -> "HmacSHA512";
			default -> "HmacSHA256";
		};
	}

	private static OAuth2AuthenticationException invalidClient(String description) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, null));
	}

	/**
	 * A decoder is rebuilt when the client's registration changed (secret, keys,
	 * algorithm).
	 */
	private record CachedDecoder(RegisteredClient client, NimbusJwtDecoder decoder) {
	}

}
