package dev.mtlsauthz.resourceapi.tokens;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.support.BasicAuthenticationInterceptor;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import dev.mtlsauthz.discovery.AuthorizationServerMetadata;
import dev.mtlsauthz.discovery.RestClientMetadataRetriever;
import dev.mtlsauthz.jwks.IssuerJwkSource;
import dev.mtlsauthz.resourceapi.ResourceApiProperties;

/**
 * How access tokens are validated: everything about the issuer is learnt from its
 * metadata on first use, not at start, so the API starts even while the authorization
 * server is still starting, and a failed lookup is retried by the next request.
 */
@Configuration(proxyBeanMethods = false)
class AccessTokenConfiguration {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private final ResourceApiProperties properties;

	private final HttpClient issuerConnection;

	private final Supplier<AuthorizationServerMetadata> metadata;

	AccessTokenConfiguration(ResourceApiProperties properties) {
		this.properties = properties;
		this.issuerConnection = issuerConnection(properties.issuerTrustStore());
		RestClient discovery = RestClient.builder().requestFactory(requestFactory(issuerConnection)).build();
		this.metadata = SingletonSupplier
			.of(() -> RestClientMetadataRetriever.discover(properties.issuerUri(), discovery));
	}

	@Bean
	AccessTokenAuthenticationManager accessTokenAuthenticationManager(JwtDecoder jwtDecoder,
			OpaqueTokenIntrospector opaqueTokenIntrospector) {
		return new AccessTokenAuthenticationManager(new JwtAuthenticationProvider(jwtDecoder),
				new OpaqueTokenAuthenticationProvider(opaqueTokenIntrospector));
	}

	/**
	 * Verifies JWTs with the issuer's keys ({@link IssuerJwkSource}): cached, fetched
	 * again when a token names an unknown {@code kid} (key rotation; rate limited), and
	 * kept through an issuer outage for {@code resourceapi.jwk-set.outage-tolerance}; in
	 * whatever algorithm the issuer rotates to. The validators are chosen explicitly:
	 * Spring's defaults include {@code X509CertificateThumbprintValidator}, which would
	 * refuse a mismatching certificate before {@code CertificateBoundAccessTokens} could
	 * say which way it mismatched.
	 */
	@Bean
	JwtDecoder jwtDecoder() {
		RestTemplate jwks = new RestTemplate(requestFactory(issuerConnection));
		return new SupplierJwtDecoder(() -> {
			IssuerJwkSource keys = new IssuerJwkSource(jwksUri(metadata.get()), IssuerJwkSource.retriever(jwks),
					properties.jwkSet());
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
				.jwsAlgorithm(SignatureAlgorithm.RS256)
				.jwtProcessorCustomizer(processor -> IssuerJwkSource.verifySignatures(processor, keys))
				.build();
			decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
					new JwtIssuerValidator(properties.issuerUri().toString())));
			return decoder;
		});
	}

	/**
	 * Introspects opaque tokens at the issuer's mTLS alias of the introspection endpoint,
	 * authenticating with {@code client_secret_basic}; {@code cnf} stays among the
	 * principal's attributes, where the binding check reads it.
	 */
	@Bean
	OpaqueTokenIntrospector opaqueTokenIntrospector() {
		RestTemplate introspection = new RestTemplate(requestFactory(issuerConnection));
		// RFC 6749 section 2.3.1: the client id and secret are form-encoded before they
		// are put in the header.
		introspection.getInterceptors()
			.add(new BasicAuthenticationInterceptor(formEncoded(properties.clientId()),
					formEncoded(properties.clientSecret())));
		Supplier<OpaqueTokenIntrospector> remote = SingletonSupplier.of(() -> {
			AuthorizationServerMetadata issuer = metadata.get();
			URI endpoint = issuer.mtlsEndpoint("introspection_endpoint")
				.orElseThrow(() -> new IllegalStateException(
						"Issuer " + issuer.issuer() + " has no introspection endpoint"));
			return new SpringOpaqueTokenIntrospector(endpoint.toString(), introspection);
		});
		return new CachingOpaqueTokenIntrospector(token -> remote.get().introspect(token),
				properties.introspectionCacheTtl(), Clock.systemUTC());
	}

	private static URL jwksUri(AuthorizationServerMetadata issuer) {
		URI uri = issuer.endpoint("jwks_uri")
			.orElseThrow(
					() -> new IllegalStateException("The metadata of issuer " + issuer.issuer() + " has no jwks_uri"));
		try {
			return uri.toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException("The jwks_uri of issuer " + issuer.issuer() + " is not a URL: " + uri, ex);
		}
	}

	private static HttpClient issuerConnection(String trustStore) {
		HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
		if (StringUtils.hasText(trustStore)) {
			SslBundle bundle = SslBundle
				.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificates(trustStore)));
			client.sslContext(bundle.createSslContext());
		}
		return client.build();
	}

	private static JdkClientHttpRequestFactory requestFactory(HttpClient client) {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
		factory.setReadTimeout(READ_TIMEOUT);
		return factory;
	}

	private static String formEncoded(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
