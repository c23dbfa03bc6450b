package dev.mtlsauthz.mtls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resolves the client certificate once per request, before Spring Security runs, and
 * publishes it under {@link ClientCertificates#RESOLVED_ATTRIBUTE} and the servlet
 * attribute, so that code reading either sees the same chain whether it came from the TLS
 * connection or from a trusted proxy.
 * <p>
 * The servlet attribute is answered by a request wrapper rather than set on the request:
 * Tomcat computes it again from the TLS session whenever it is missing, so removing it
 * would not hide the certificate of a proxy's own connection, which must never pass for
 * its client's.
 */
public class ClientCertificateFilter extends OncePerRequestFilter {

	private static final X509Certificate[] NONE = new X509Certificate[0];

	private final ClientCertificateResolver resolver;

	public ClientCertificateFilter(ClientCertificateResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<X509Certificate[]> certificates;
		try {
			certificates = resolver.resolve(request);
		}
		catch (MalformedClientCertificateException ex) {
			writeInvalidRequest(response, ex.getMessage());
			return;
		}
		X509Certificate[] resolved = certificates.orElse(NONE);
		request.setAttribute(ClientCertificates.RESOLVED_ATTRIBUTE, resolved);
		chain.doFilter(new ResolvedCertificateRequest(request, resolved), response);
	}

	private static void writeInvalidRequest(HttpServletResponse response, String description) throws IOException {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setHeader("Cache-Control", "no-store");
		response.getWriter()
			.write("{\"error\":\"invalid_request\",\"error_description\":\""
					+ description.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
	}

	/**
	 * Shows the resolved chain, or nothing, as the servlet container's certificate
	 * attribute.
	 */
	private static final class ResolvedCertificateRequest extends HttpServletRequestWrapper {

		private final X509Certificate[] resolved;

		ResolvedCertificateRequest(HttpServletRequest request, X509Certificate[] resolved) {
			super(request);
			this.resolved = resolved;
		}

		@Override
		public Object getAttribute(String name) {
			if (ClientCertificates.SERVLET_ATTRIBUTE.equals(name)) {
				return resolved.length > 0 ? resolved.clone() : null;
			}
			return super.getAttribute(name);
		}

	}

}
