package dev.mtlsauthz.mtls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resolves the client certificate once per request, before Spring Security runs, and publishes it under
 * {@link ClientCertificates#RESOLVED_ATTRIBUTE} and the servlet attribute, so that code reading either sees the
 * same chain whether it came from the TLS connection or from a trusted proxy.
 */
public class ClientCertificateFilter extends OncePerRequestFilter {

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
        } catch (MalformedClientCertificateException ex) {
            writeInvalidRequest(response, ex.getMessage());
            return;
        }
        certificates.ifPresentOrElse(presented -> {
            request.setAttribute(ClientCertificates.RESOLVED_ATTRIBUTE, presented);
            request.setAttribute(ClientCertificates.SERVLET_ATTRIBUTE, presented);
        }, () -> request.removeAttribute(ClientCertificates.SERVLET_ATTRIBUTE));
        chain.doFilter(request, response);
    }

    private static void writeInvalidRequest(HttpServletResponse response, String description) throws IOException {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"error\":\"invalid_request\",\"error_description\":\""
                + description.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }
}
