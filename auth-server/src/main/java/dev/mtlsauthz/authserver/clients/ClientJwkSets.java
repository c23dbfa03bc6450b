package dev.mtlsauthz.authserver.clients;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.fetch.ClientUrlFetcher;

/**
 * The keys a {@code self_signed_tls_client_auth} client registered (RFC 8705 section
 * 2.2.2): its inline {@code jwks}, or the JWK Set at its {@code jwks_uri}, fetched again
 * when a certificate arrives that the cached set does not hold, at most once per
 * {@code authserver.mtls.jwks-refresh-min-interval}, so that a client can rotate its
 * certificate without re-registering and an attacker cannot make us hammer its URL. The
 * fetch itself is {@link ClientUrlFetcher}'s: https, public addresses only, bounded in
 * time and size.
 * <p>
 * The fetched sets and the rate limit are per instance and safe to lose: they are fetched
 * again, so a cluster of N instances may fetch one client's {@code jwks_uri} N times per
 * interval.
 */
public class ClientJwkSets {

	private final ClientUrlFetcher fetcher;

	private final Duration refreshMinInterval;

	private final Clock clock;

	private final Map<String, Fetched> fetched = new ConcurrentHashMap<>();

	public ClientJwkSets(AuthServerProperties properties, ClientUrlFetcher fetcher) {
		this(fetcher, properties.mtls().jwksRefreshMinInterval(), Clock.systemUTC());
	}

	ClientJwkSets(ClientUrlFetcher fetcher, Duration refreshMinInterval, Clock clock) {
		this.fetcher = fetcher;
		this.refreshMinInterval = refreshMinInterval;
		this.clock = clock;
	}

	/**
	 * Whether the certificate is one the client registered, by its {@code x5c} or by its
	 * public key.
	 */
	public boolean holds(RegisteredClient client, X509Certificate certificate) {
		String inline = client.getClientSettings().getSetting(ClientSettingNames.JWKS);
		if (inline != null) {
			return contains(parse(inline), certificate);
		}
		String jwksUri = client.getClientSettings().getJwkSetUrl();
		if (jwksUri == null) {
			return false;
		}
		// Keyed by the URI too: a client that changes its jwks_uri (RFC 7592 section 2.2)
		// must no longer be
		// accepted with the keys cached from the old one.
		String key = client.getClientId() + " " + jwksUri;
		Fetched cached = fetched.get(key);
		if (cached != null && contains(cached.set(), certificate)) {
			return true;
		}
		if (cached != null && cached.at().plus(refreshMinInterval).isAfter(clock.instant())) {
			return false;
		}
		return fetch(key, jwksUri).map(set -> contains(set, certificate)).orElse(false);
	}

	private Optional<JWKSet> fetch(String key, String jwksUri) {
		try {
			JWKSet set = JWKSet.parse(new String(fetcher.fetch(URI.create(jwksUri)), StandardCharsets.UTF_8));
			fetched.put(key, new Fetched(set, clock.instant()));
			return Optional.of(set);
		}
		catch (IOException | ParseException | IllegalArgumentException ex) {
			// A failed fetch counts for the rate limit too, so an unreachable jwks_uri is
			// not retried per request.
			fetched.compute(key, (id, old) -> new Fetched(old != null ? old.set() : new JWKSet(), clock.instant()));
			return Optional.empty();
		}
	}

	private static JWKSet parse(String json) {
		try {
			return JWKSet.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Stored jwks is not a JWK Set", ex);
		}
	}

	private static boolean contains(JWKSet set, X509Certificate certificate) {
		byte[] encoded;
		try {
			encoded = certificate.getEncoded();
		}
		catch (CertificateEncodingException ex) {
			return false;
		}
		for (JWK jwk : set.getKeys()) {
			List<Base64> x5c = jwk.getX509CertChain();
			if (x5c != null && !x5c.isEmpty()) {
				if (Arrays.equals(x5c.get(0).decode(), encoded)) {
					return true;
				}
			}
			else if (jwk instanceof AsymmetricJWK asymmetric && samePublicKey(asymmetric, certificate)) {
				return true;
			}
		}
		return false;
	}

	private static boolean samePublicKey(AsymmetricJWK jwk, X509Certificate certificate) {
		try {
			return Arrays.equals(jwk.toPublicKey().getEncoded(), certificate.getPublicKey().getEncoded());
		}
		catch (JOSEException ex) {
			return false;
		}
	}

	private record Fetched(JWKSet set, Instant at) {
	}

}
