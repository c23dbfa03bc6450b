package dev.mtlsauthz.client.certificate;

import dev.mtlsauthz.certs.IssuedCertificate;

/**
 * Where the client's certificate and key come from: a configured SSL bundle
 * ({@link SslBundleClientCertificate}) or one the client makes for itself
 * ({@link EphemeralClientCertificate}). Declare a bean of this type to supply it some
 * other way.
 */
@FunctionalInterface
public interface ClientCertificateSource {

	/**
	 * The certificate to present from now on. A source that renews its certificate
	 * returns another instance afterwards; it never goes back to an earlier one.
	 */
	IssuedCertificate current();

}
