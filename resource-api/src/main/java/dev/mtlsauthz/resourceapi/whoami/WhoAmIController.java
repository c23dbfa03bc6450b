package dev.mtlsauthz.resourceapi.whoami;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.mtlsauthz.mtls.ClientCertificates;
import dev.mtlsauthz.mtls.X5tS256;

/**
 * {@code GET /api/whoami}: what the API knows about the caller, so a demo can show the
 * token's binding ({@code cnf.x5t#S256}) next to the thumbprint of the certificate the
 * request presented.
 */
@RestController
class WhoAmIController {

	@GetMapping("/api/whoami")
	Map<String, Object> whoami(AbstractOAuth2TokenAuthenticationToken<?> token, HttpServletRequest request) {
		Map<String, Object> claims = token.getTokenAttributes();
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("sub", claims.get("sub"));
		response.put("client_id", claims.getOrDefault("client_id", claims.get("azp")));
		response.put("scope", scopes(token));
		response.put("token_type", token instanceof JwtAuthenticationToken ? "jwt" : "opaque");
		response.put("cnf", claims.get(X5tS256.CONFIRMATION_CLAIM));
		response.put("certificate", ClientCertificates.leaf(request).map(WhoAmIController::describe).orElse(null));
		return response;
	}

	private static List<String> scopes(AbstractOAuth2TokenAuthenticationToken<?> token) {
		return token.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter(authority -> authority.startsWith("SCOPE_"))
			.map(authority -> authority.substring(6))
			.sorted()
			.toList();
	}

	private static Map<String, Object> describe(X509Certificate certificate) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put(X5tS256.CLAIM_NAME, X5tS256.of(certificate).value());
		description.put("subject", certificate.getSubjectX500Principal().getName());
		description.put("issuer", certificate.getIssuerX500Principal().getName());
		return description;
	}

}
