package dev.mtlsauthz.mtls;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Envoy's {@code x-forwarded-client-cert} (XFCC): a comma-separated list of elements, one
 * per proxy, each a semicolon-separated list of {@code key=value} pairs whose values are
 * double-quoted when they contain {@code , ; =} (with {@code \"} for a quote inside).
 * Only the last element is read: it is the one the nearest proxy, the trusted one,
 * appended; the elements before it were forwarded from further away and vouch for
 * nothing. {@code Cert} holds the URL-escaped PEM of the leaf and {@code Chain}, when
 * Envoy is configured to send it, the URL-escaped PEM of the whole chain.
 */
public class EnvoyForwardedClientCertificateHeader implements ClientCertificateHeader {

	public static final String DEFAULT_HEADER_NAME = "x-forwarded-client-cert";

	private final String headerName;

	public EnvoyForwardedClientCertificateHeader(String headerName) {
		this.headerName = headerName;
	}

	@Override
	public Optional<X509Certificate[]> read(HttpServletRequest request) {
		List<String> fields = Collections.list(request.getHeaders(headerName));
		if (fields.isEmpty() || fields.stream().allMatch(String::isBlank)) {
			return Optional.empty();
		}
		List<Map<String, String>> elements = parse(String.join(",", fields));
		Map<String, String> nearest = elements.get(elements.size() - 1);
		String cert = nearest.get("cert");
		if (cert == null || cert.isEmpty()) {
			throw new MalformedClientCertificateException(headerName + " has no Cert in the element of the nearest "
					+ "proxy (configure Envoy's set_current_client_cert_details with cert: true)");
		}
		X509Certificate leaf = CertificateDecoder
			.fromPem(NginxClientCertificateHeader.percentDecode(cert, headerName), headerName)
			.get(0);
		List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
		String forwardedChain = nearest.get("chain");
		if (forwardedChain != null && !forwardedChain.isEmpty()) {
			CertificateDecoder
				.fromPem(NginxClientCertificateHeader.percentDecode(forwardedChain, headerName), headerName)
				.stream()
				.filter(certificate -> !certificate.equals(leaf))
				.forEach(chain::add);
		}
		return Optional.of(chain.toArray(X509Certificate[]::new));
	}

	@Override
	public String headerName() {
		return headerName;
	}

	/**
	 * The elements of an XFCC value, each a map from lower-cased key to unquoted value.
	 */
	List<Map<String, String>> parse(String value) {
		List<Map<String, String>> elements = new ArrayList<>();
		Map<String, String> element = new LinkedHashMap<>();
		StringBuilder token = new StringBuilder();
		String key = null;
		boolean quoted = false;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (quoted) {
				if (c == '\\' && i + 1 < value.length() && value.charAt(i + 1) == '"') {
					token.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					token.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == '=' && key == null) {
				key = token.toString().strip().toLowerCase(Locale.ROOT);
				token.setLength(0);
			}
			else if (c == ';' || c == ',') {
				addPair(element, key, token);
				key = null;
				if (c == ',') {
					elements.add(element);
					element = new LinkedHashMap<>();
				}
			}
			else {
				token.append(c);
			}
		}
		if (quoted) {
			throw new MalformedClientCertificateException(headerName + " has an unterminated quoted value");
		}
		addPair(element, key, token);
		elements.add(element);
		return elements;
	}

	private void addPair(Map<String, String> element, String key, StringBuilder token) {
		String value = token.toString().strip();
		token.setLength(0);
		if (key == null) {
			if (!value.isEmpty()) {
				throw new MalformedClientCertificateException(headerName + " has a pair without '='");
			}
			return;
		}
		if (key.isEmpty()) {
			throw new MalformedClientCertificateException(headerName + " has a pair without a key");
		}
		element.put(key, value);
	}

}
