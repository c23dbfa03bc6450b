package dev.mtlsauthz.client.tls;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.client.certificate.ClientCertificateSource;
import dev.mtlsauthz.mtls.X5tS256;

/**
 * The client's connections to the issuer's mTLS aliases and to the APIs: one
 * {@link MtlsConnection} per certificate the {@link ClientCertificateSource} hands out,
 * and, for each access token obtained through one, which one it was. An API request then
 * goes out with the certificate its token is bound to (RFC 8705 section 3), even while
 * the certificate is being renewed: a token obtained with the old certificate is used
 * with the old certificate until it is replaced.
 * <p>
 * Everything here is in memory and safe to lose: after a restart the client makes or
 * reads its certificate again and requests new tokens.
 */
public final class MtlsConnections {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private static final String BEARER = "Bearer ";

	private final ClientCertificateSource certificates;

	private final TrustManager[] trustManagers;

	private final Clock clock;

	private final Map<String, Binding> tokens = new ConcurrentHashMap<>();

	private volatile MtlsConnection current;

	/**
	 * @param trustManagers whom to trust as servers; {@code null} for the JDK's default
	 * trust store
	 */
	public MtlsConnections(ClientCertificateSource certificates, TrustManager[] trustManagers, Clock clock) {
		this.certificates = certificates;
		this.trustManagers = trustManagers;
		this.clock = clock;
	}

	/** The connection with the certificate to present from now on. */
	public MtlsConnection current() {
		IssuedCertificate certificate = certificates.current();
		MtlsConnection connection = current;
		if (connection == null || connection.certificate() != certificate) {
			synchronized (this) {
				connection = current;
				if (connection == null || connection.certificate() != certificate) {
					connection = open(certificate);
					current = connection;
				}
			}
		}
		return connection;
	}

	/**
	 * Records that {@code accessToken} was issued to a request made over
	 * {@code connection}, and so is bound to its certificate.
	 * @param expiresAt when the token expires; {@code null} (unknown) means when the
	 * certificate does, after which the token is of no use either
	 */
	public void bind(String accessToken, MtlsConnection connection, Instant expiresAt) {
		Instant now = clock.instant();
		tokens.values().removeIf(binding -> !now.isBefore(binding.expiresAt()));
		Instant forgetAt = expiresAt != null ? expiresAt
				: connection.certificate().certificate().getNotAfter().toInstant();
		tokens.put(accessToken, new Binding(connection, forgetAt));
	}

	/**
	 * Whether {@code accessToken} is bound to the current certificate. A token this
	 * client did not obtain is taken to be.
	 */
	public boolean boundToCurrent(String accessToken) {
		Binding binding = tokens.get(accessToken);
		return binding == null || binding.connection() == current();
	}

	/**
	 * The connection for a request with this {@code Authorization} header: the one its
	 * bearer token was obtained with, while that certificate is valid; otherwise the
	 * current one.
	 */
	public MtlsConnection forAuthorization(String authorization) {
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			Binding binding = tokens.get(authorization.substring(BEARER.length()).strip());
			if (binding != null && binding.connection().validAt(clock.instant())) {
				return binding.connection();
			}
		}
		return current();
	}

	private MtlsConnection open(IssuedCertificate certificate) {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(new KeyManager[] { new PresentedCertificateKeyManager(certificate) }, trustManagers, null);
			HttpClient client = HttpClient.newBuilder()
				.sslContext(context)
				.connectTimeout(CONNECT_TIMEOUT)
				.followRedirects(HttpClient.Redirect.NEVER)
				.build();
			return new MtlsConnection(certificate, X5tS256.of(certificate.certificate()), context, client);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot set up TLS with the client certificate: " + ex.getMessage(), ex);
		}
	}

	private record Binding(MtlsConnection connection, Instant expiresAt) {
	}

}
