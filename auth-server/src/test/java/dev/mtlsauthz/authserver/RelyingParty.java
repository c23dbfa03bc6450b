package dev.mtlsauthz.authserver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.response.Response;

import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A confidential OpenID Connect relying party ({@code client_secret_basic}, consent
 * required) with a certificate made on the fly: it sends alice's {@link UserSession}
 * through the authorization endpoint, and redeems the code and refreshes at the token
 * alias presenting its certificate.
 */
public final class RelyingParty {

	public static final String REDIRECT_URI = "https://rp.example.com/callback";

	public static final String POST_LOGOUT_REDIRECT_URI = "https://rp.example.com/signed-out";

	private static final String SECRET = "rp-secret";

	private final String clientId;

	private final UserSession session;

	private final String tokenEndpoint;

	private final IssuedCertificate certificate = TestPki.ephemeral();

	/**
	 * @param tokenEndpoint the token endpoint's alias
	 */
	public RelyingParty(String clientId, UserSession session, String tokenEndpoint) {
		this.clientId = clientId;
		this.session = session;
		this.tokenEndpoint = tokenEndpoint;
	}

	/** The client's registration, allowed {@code scope}. */
	public static Map<String, Object> metadata(String clientId, String scope) {
		return Map.of("client_id", clientId, "client_name", "OIDC relying party", "client_secret", SECRET,
				"token_endpoint_auth_method", "client_secret_basic", "grant_types",
				List.of("authorization_code", "refresh_token"), "redirect_uris", List.of(REDIRECT_URI),
				"post_logout_redirect_uris", List.of(POST_LOGOUT_REDIRECT_URI), "scope", scope, "require_consent",
				true);
	}

	public IssuedCertificate certificate() {
		return certificate;
	}

	/**
	 * Alice signs in and consents; the client redeems the code.
	 * @param nonce the OpenID Connect nonce, or {@code null} for none
	 */
	public Response tokens(String scope, String nonce) {
		Map<String, String> request = new HashMap<>(Map.of("response_type", "code", "client_id", clientId,
				"redirect_uri", REDIRECT_URI, "scope", scope, "state", "s"));
		if (nonce != null) {
			request.put("nonce", nonce);
		}
		String location = session.authorize(request);
		assertThat(location).startsWith(REDIRECT_URI);
		Response tokens = AuthServerIntegrationTest.basic(Tls.client(certificate), clientId, SECRET)
			.formParam("grant_type", "authorization_code")
			.formParam("redirect_uri", REDIRECT_URI)
			.formParam("code", UserSession.parameter(location, "code"))
			.post(tokenEndpoint);
		tokens.then().statusCode(200);
		return tokens;
	}

	public Response refresh(String refreshToken) {
		return AuthServerIntegrationTest.basic(Tls.client(certificate), clientId, SECRET)
			.formParam("grant_type", "refresh_token")
			.formParam("refresh_token", refreshToken)
			.post(tokenEndpoint);
	}

}
