package dev.mtlsauthz.authserver.fapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.http.converter.OAuth2TokenIntrospectionHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

import dev.mtlsauthz.authserver.jarm.SignedResponses;

/**
 * Introspection responses (RFC 7662 section 2.2), as a signed JWT when the resource
 * server asks for one with {@code Accept: application/token-introspection+jwt} (RFC 9701
 * section 4): {@code typ} {@code token-introspection+jwt}, {@code iss} this server,
 * {@code aud} the resource server that asked, {@code iat}, and the introspection response
 * in the {@code token_introspection} claim (only {@code active: false} for a token that
 * is not active). Otherwise the plain JSON response, as Spring Authorization Server
 * writes it. The claims' values (times, URLs) become JSON as in every JWT this server
 * signs ({@code KeySetJwtEncoder}).
 */
public class JwtIntrospectionResponses implements AuthenticationSuccessHandler {

	/** RFC 9701 section 4. */
	public static final MediaType TOKEN_INTROSPECTION_JWT = MediaType
		.parseMediaType("application/token-introspection+jwt");

	private static final String TYPE = "token-introspection+jwt";

	private final OAuth2TokenIntrospectionHttpMessageConverter json = new OAuth2TokenIntrospectionHttpMessageConverter();

	private final SignedResponses signer;

	public JwtIntrospectionResponses(SignedResponses signer) {
		this.signer = signer;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2TokenIntrospectionAuthenticationToken introspection = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		OAuth2TokenIntrospection claims = introspection.getTokenClaims();
		if (!asksForJwt(request)) {
			json.write(claims, null, new ServletServerHttpResponse(response));
			return;
		}
		Map<String, Object> introspected = claims.isActive() ? claims.getClaims() : Map.of("active", false);
		String jwt = signer.sign(TYPE, ((Authentication) introspection.getPrincipal()).getName(),
				Map.of("token_introspection", introspected));
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(TOKEN_INTROSPECTION_JWT.toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		response.getOutputStream().write(jwt.getBytes(StandardCharsets.US_ASCII));
	}

	private static boolean asksForJwt(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept == null) {
			return false;
		}
		try {
			return MediaType.parseMediaTypes(accept)
				.stream()
				.anyMatch(type -> type.getType().equals(TOKEN_INTROSPECTION_JWT.getType())
						&& type.getSubtype().equals(TOKEN_INTROSPECTION_JWT.getSubtype()));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
