package dev.mtlsauthz.dpop;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The {@code htu} of a DPoP proof (RFC 9449 section 4.2): the request's URI without query
 * and fragment, compared after the syntax- and scheme-based normalisation of RFC 3986
 * sections 6.2.2 and 6.2.3 (section 4.3, point 9): scheme and host in lower case, no
 * default port, an empty path as {@code /}.
 */
final class Htu {

	private Htu() {
	}

	/**
	 * @return the normalised URI, or {@code null} when the value is not an absolute
	 * {@code http} or {@code https} URI
	 */
	static String normalise(String uri) {
		try {
			URI parsed = new URI(uri);
			String scheme = (parsed.getScheme() != null) ? parsed.getScheme().toLowerCase(Locale.ROOT) : null;
			if (parsed.getHost() == null || !("https".equals(scheme) || "http".equals(scheme))) {
				return null;
			}
			int port = parsed.getPort();
			boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443)
					|| ("http".equals(scheme) && port == 80);
			String path = (parsed.getRawPath() == null || parsed.getRawPath().isEmpty()) ? "/" : parsed.getRawPath();
			return scheme + "://" + parsed.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	static boolean matches(String htu, String requestUri) {
		String normalised = normalise(htu);
		return normalised != null && normalised.equals(normalise(requestUri));
	}

}
