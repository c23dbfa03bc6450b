package dev.mtlsauthz.authserver.requestobjects;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.web.util.UriUtils;

/**
 * The request as Spring Authorization Server's converters read it once its request object
 * is verified: the request object's claims are its only parameters (RFC 9101 section
 * 6.3), in the query string for a GET (which those converters consult to tell query from
 * form parameters) and in the form for a POST.
 */
final class RequestObjectParameters extends HttpServletRequestWrapper {

	private final Map<String, String[]> parameters;

	RequestObjectParameters(HttpServletRequest request, Map<String, String> parameters) {
		super(request);
		Map<String, String[]> values = new LinkedHashMap<>();
		parameters.forEach((name, value) -> values.put(name, new String[] { value }));
		this.parameters = Collections.unmodifiableMap(values);
	}

	@Override
	public String getParameter(String name) {
		String[] values = parameters.get(name);
		return values != null ? values[0] : null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return parameters;
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(parameters.keySet());
	}

	@Override
	public String[] getParameterValues(String name) {
		String[] values = parameters.get(name);
		return values != null ? values.clone() : null;
	}

	@Override
	public String getQueryString() {
		if (!"GET".equals(getMethod())) {
			return null;
		}
		return parameters.entrySet()
			.stream()
			.map(entry -> UriUtils.encodeQueryParam(entry.getKey(), "UTF-8") + "="
					+ UriUtils.encodeQueryParam(entry.getValue()[0], "UTF-8"))
			.collect(Collectors.joining("&"));
	}

}
