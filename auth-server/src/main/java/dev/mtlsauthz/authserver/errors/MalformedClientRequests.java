package dev.mtlsauthz.authserver.errors;

import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.tomcat.util.http.InvalidParameterException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request that no endpoint clients call could read with an RFC 6749 section 5.2
 * {@code invalid_request} and a description, before Spring Security or Spring
 * Authorization Server see it; left alone, each would end in a Spring Boot error page
 * ({@code {"status":400,"error":"Bad Request",...}}), a 403 from the pages' CSRF check,
 * or a redirect to the login page:
 * <ul>
 * <li>a method the endpoint does not accept: 405 with {@code Allow} (RFC 9110 section
 * 15.5.6);</li>
 * <li>a body at a form endpoint that is not {@code application/x-www-form-urlencoded}:
 * 415;</li>
 * <li>a form body or query string that does not decode: a malformed percent-escape, bytes
 * that are not UTF-8, too many parameters (400), a body over
 * {@code server.tomcat.max-http-form-post-size} (413). Tomcat reports these when the
 * parameters are first read, which this filter does first.</li>
 * </ul>
 */
class MalformedClientRequests extends OncePerRequestFilter {

	private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED_VALUE;

	private final ClientEndpoints endpoints;

	MalformedClientRequests(ClientEndpoints endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI();
		Set<HttpMethod> methods = endpoints.methods(path);
		if (methods == null) {
			chain.doFilter(request, response);
			return;
		}
		HttpMethod method = HttpMethod.valueOf(request.getMethod());
		if (!methods.contains(method)) {
			String allowed = methods.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
			response.setHeader(HttpHeaders.ALLOW, allowed);
			invalidRequest(response, HttpStatus.METHOD_NOT_ALLOWED,
					"The endpoint " + path + " accepts " + allowed + ", not " + method.name());
			return;
		}
		if (endpoints.takesForm(path) && hasBody(request) && !isForm(request.getContentType())) {
			invalidRequest(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The request body must be " + FORM
					+ " (RFC 6749 section 3.2), not "
					+ ((request.getContentType() != null) ? request.getContentType() : "without a Content-Type"));
			return;
		}
		try {
			request.getParameterMap();
		}
		catch (InvalidParameterException ex) {
			if (ex.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
				invalidRequest(response, HttpStatus.CONTENT_TOO_LARGE, "The request body is too large");
			}
			else {
				invalidRequest(response, HttpStatus.BAD_REQUEST,
						"The request's parameters cannot be read: the query string and the form body must be " + FORM
								+ " in UTF-8, with well-formed percent-escapes (RFC 6749 appendix B)");
			}
			return;
		}
		chain.doFilter(request, response);
	}

	private static boolean hasBody(HttpServletRequest request) {
		return request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
	}

	private static boolean isForm(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static void invalidRequest(HttpServletResponse response, HttpStatus status, String description)
			throws IOException {
		OAuth2ErrorResponseHandler.write(response, status,
				new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, null));
	}

}
