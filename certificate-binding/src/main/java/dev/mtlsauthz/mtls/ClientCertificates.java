package dev.mtlsauthz.mtls;

import java.security.cert.X509Certificate;
import java.util.Optional;

import jakarta.servlet.ServletRequest;

/**
 * The client certificate chain of the current request, as {@link ClientCertificateFilter}
 * resolved it: from the TLS connection, or from a header set by a trusted TLS-terminating
 * proxy. It is the one accessor of the request's certificate: the resource side's
 * proof-of-possession check reads it here, and the authorization server reads it here
 * once, at client authentication, and then carries it in the client's
 * {@code Authentication} to the token it binds.
 */
public final class ClientCertificates {

	/**
	 * The servlet container's attribute for the TLS client certificate chain (Servlet
	 * specification).
	 */
	public static final String SERVLET_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

	/** Where {@link ClientCertificateFilter} stores the resolved chain. */
	public static final String RESOLVED_ATTRIBUTE = ClientCertificates.class.getName() + ".CHAIN";

	private ClientCertificates() {
	}

	/**
	 * The presented chain, leaf first; empty when the client presented no certificate.
	 */
	public static Optional<X509Certificate[]> chain(ServletRequest request) {
		Object resolved = request.getAttribute(RESOLVED_ATTRIBUTE);
		if (resolved == null) {
			resolved = request.getAttribute(SERVLET_ATTRIBUTE);
		}
		if (resolved instanceof X509Certificate[] chain && chain.length > 0) {
			return Optional.of(chain);
		}
		return Optional.empty();
	}

	/** The leaf certificate, the one a token is bound to. */
	public static Optional<X509Certificate> leaf(ServletRequest request) {
		return chain(request).map(chain -> chain[0]);
	}

}
