package dev.mtlsauthz.authserver.jarm;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How an authorization response travels to the client: OAuth 2.0 Multiple Response Type
 * Encoding Practices section 2.1 ({@code query}), OAuth 2.0 Form Post Response Mode
 * ({@code form_post}) and JARM section 2.3 ({@code jwt}, {@code query.jwt},
 * {@code form_post.jwt}). {@code fragment} and {@code fragment.jwt} are not offered: they
 * exist for the implicit and hybrid flows, which this server does not have.
 */
public enum ResponseMode {

	QUERY("query", false), FORM_POST("form_post", false),
	/** JARM section 2.3.4: the default mode of the {@code code} response type. */
	JWT("jwt", true), QUERY_JWT("query.jwt", true), FORM_POST_JWT("form_post.jwt", true);

	/** The authorization request parameter. */
	public static final String PARAMETER = "response_mode";

	private final String value;

	private final boolean signed;

	ResponseMode(String value, boolean signed) {
		this.value = value;
		this.signed = signed;
	}

	public String value() {
		return value;
	}

	boolean signed() {
		return signed;
	}

	boolean formPost() {
		return this == FORM_POST || this == FORM_POST_JWT;
	}

	/** Every mode, as {@code response_modes_supported} lists them. */
	public static List<String> supported() {
		return Arrays.stream(values()).map(ResponseMode::value).toList();
	}

	/** The mode a request asked for; {@code query} when it named none. */
	public static Optional<ResponseMode> of(Object requested) {
		if (requested == null || "".equals(requested)) {
			return Optional.of(QUERY);
		}
		return Arrays.stream(values()).filter(mode -> mode.value.equals(requested)).findFirst();
	}

}
