package dev.mtlsauthz.client.tls;

import java.net.http.HttpClient;
import java.time.Instant;
import javax.net.ssl.SSLContext;

import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.mtls.X5tS256;

/**
 * The HTTP client that presents one certificate. It has its own {@link SSLContext}, and
 * so its own TLS session cache and connection pool: no connection or resumed session ever
 * carries another certificate than this one.
 *
 * @param certificate the certificate presented when a server asks for one
 * @param thumbprint its {@code x5t#S256}, what tokens bound to it carry in {@code cnf}
 * @param sslContext the TLS context presenting it
 * @param httpClient the JDK HTTP client over that context
 */
public record MtlsConnection(IssuedCertificate certificate, X5tS256 thumbprint, SSLContext sslContext,
		HttpClient httpClient) {

	/** Whether the certificate is still valid at {@code instant}. */
	public boolean validAt(Instant instant) {
		return instant.isBefore(certificate.certificate().getNotAfter().toInstant());
	}

}
