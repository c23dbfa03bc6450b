package dev.mtlsauthz.authserver.binding;

import java.util.Map;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.binding.UserAgent.Pkce;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code grant with a real login at the issuer: tokens bound to the
 * certificate on the token request (checklist 11, 12, 14), refresh tokens of public
 * clients bound to it (RFC 8705 section 4, checklist 16), confidential clients free to
 * rotate their certificate (section 7.1), and PKCE that does not turn a
 * {@code tls_client_auth} client into a public one (checklist 10).
 */
class AuthorizationCodeBindingTest extends AuthServerIntegrationTest {

	private static final String PKI_SUBJECT = "CN=pki-client, O=mtls-authz test";

	@Test
	void publicClientGetsTokensBoundToItsEphemeralCertificateAndRefreshesWithIt() {
		IssuedCertificate certificate = TestPki.ephemeral();
		Pkce pkce = Pkce.s256();
		String code = authorizationCode("native-client", pkce);

		Response tokens = redeem(Tls.client(certificate), alias("/oauth2/token"), code, "native-client", pkce);

		tokens.then().statusCode(200);
		assertThat(cnfThumbprint(claims(tokens.path("access_token")))).isEqualTo(thumbprint(certificate));
		String refreshToken = tokens.path("refresh_token");
		assertThat(refreshToken).as("refresh token of a public client that presented a certificate").isNotBlank();

		Response refreshed = refresh(Tls.client(certificate), alias("/oauth2/token"), refreshToken);

		refreshed.then().statusCode(200);
		assertThat(cnfThumbprint(claims(refreshed.path("access_token")))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void publicClientRefreshWithAnotherCertificateOrNoneIsInvalidGrantAndLeavesTheGrantIntact() {
		IssuedCertificate certificate = TestPki.ephemeral();
		Pkce pkce = Pkce.s256();
		String code = authorizationCode("native-client", pkce);
		Response tokens = redeem(Tls.client(certificate), alias("/oauth2/token"), code, "native-client", pkce);
		tokens.then().statusCode(200);
		String refreshToken = tokens.path("refresh_token");

		assertInvalidGrant(refresh(Tls.client(TestPki.ephemeral()), alias("/oauth2/token"), refreshToken));
		assertInvalidGrant(refresh(Tls.anonymous(), main("/oauth2/token"), refreshToken));

		Response refreshed = refresh(Tls.client(certificate), alias("/oauth2/token"), refreshToken);
		refreshed.then().statusCode(200);
		assertThat(cnfThumbprint(claims(refreshed.path("access_token")))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void publicClientWithoutCertificateGetsAnUnboundAccessTokenAndNoRefreshToken() {
		Pkce pkce = Pkce.s256();
		String code = authorizationCode("native-client", pkce);

		Response tokens = redeem(Tls.anonymous(), main("/oauth2/token"), code, "native-client", pkce);

		tokens.then().statusCode(200);
		Map<String, Object> claims = claims(tokens.path("access_token"));
		assertThat(claims).doesNotContainKey("cnf");
		assertThat((String) tokens.path("refresh_token")).isNull();
	}

	@Test
	void confidentialClientRefreshWithARotatedCertificateBindsTheNewAccessTokenToIt() {
		IssuedCertificate before = TestPki.ephemeral();
		IssuedCertificate after = TestPki.ephemeral();
		String code = authorizationCode("secret-client", null);

		Response tokens = redeem(basic(Tls.client(before), "secret-client", "secret-client-secret"),
				alias("/oauth2/token"), code, null, null);

		tokens.then().statusCode(200);
		assertThat(cnfThumbprint(claims(tokens.path("access_token")))).isEqualTo(thumbprint(before));
		String refreshToken = tokens.path("refresh_token");

		Response refreshed = basic(Tls.client(after), "secret-client", "secret-client-secret")
			.formParam("grant_type", "refresh_token")
			.formParam("refresh_token", refreshToken)
			.post(alias("/oauth2/token"));

		refreshed.then().statusCode(200);
		assertThat(cnfThumbprint(claims(refreshed.path("access_token")))).isEqualTo(thumbprint(after));
	}

	@Test
	void confidentialClientThatMustGetBoundTokensRefreshingWithoutACertificateIsInvalidRequestAndKeepsItsGrant() {
		register(Map.of("client_id", "bound-web-client", "client_secret", "bound-web-secret",
				"token_endpoint_auth_method", "client_secret_basic", "grant_types",
				java.util.List.of("authorization_code", "refresh_token"), "redirect_uris",
				java.util.List.of(UserAgent.REDIRECT_URI), "scope", "api.read",
				"tls_client_certificate_bound_access_tokens", true));
		IssuedCertificate certificate = TestPki.ephemeral();
		Response tokens = redeem(basic(Tls.client(certificate), "bound-web-client", "bound-web-secret"),
				alias("/oauth2/token"), authorizationCode("bound-web-client", null), null, null);
		tokens.then().statusCode(200);
		String refreshToken = tokens.path("refresh_token");

		Response withoutCertificate = basic(Tls.anonymous(), "bound-web-client", "bound-web-secret")
			.formParam("grant_type", "refresh_token")
			.formParam("refresh_token", refreshToken)
			.post(main("/oauth2/token"));

		withoutCertificate.then().statusCode(400);
		assertThat((String) withoutCertificate.path("error")).isEqualTo("invalid_request");
		assertThat((String) withoutCertificate.path("error_description"))
			.contains("a client certificate is required for certificate-bound tokens");
		IssuedCertificate rotated = TestPki.ephemeral();
		Response refreshed = basic(Tls.client(rotated), "bound-web-client", "bound-web-secret")
			.formParam("grant_type", "refresh_token")
			.formParam("refresh_token", refreshToken)
			.post(alias("/oauth2/token"));
		refreshed.then().statusCode(200);
		assertThat(cnfThumbprint(claims(refreshed.path("access_token")))).isEqualTo(thumbprint(rotated));
	}

	@Test
	void tlsClientAuthClientWithCodeVerifierAuthenticatesWithItsCertificateAndGetsABoundToken() {
		IssuedCertificate certificate = TestPki.issued(TestPki.fromCa(PKI_SUBJECT));
		Pkce pkce = Pkce.s256();
		String code = authorizationCode("pki-client", pkce);

		Response tokens = redeem(Tls.client(certificate), alias("/oauth2/token"), code, "pki-client", pkce);

		tokens.then().statusCode(200);
		assertThat(cnfThumbprint(claims(tokens.path("access_token")))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void tlsClientAuthClientWithCodeVerifierButAnUntrustedCertificateIsInvalidClient() {
		Pkce pkce = Pkce.s256();
		String code = authorizationCode("pki-client", pkce);

		Response tokens = redeem(Tls.client(TestPki.ephemeral()), alias("/oauth2/token"), code, "pki-client", pkce);

		tokens.then().statusCode(401);
		assertThat((String) tokens.path("error")).as("a code_verifier is no public-client authentication")
			.isEqualTo("invalid_client");
	}

	@Test
	void tlsClientAuthClientWithAWrongCodeVerifierIsInvalidGrant() {
		IssuedCertificate certificate = TestPki.issued(TestPki.fromCa(PKI_SUBJECT));
		String code = authorizationCode("pki-client", Pkce.s256());

		assertInvalidGrant(redeem(Tls.client(certificate), alias("/oauth2/token"), code, "pki-client", Pkce.s256()));
	}

	private static String authorizationCode(String clientId, Pkce pkce) {
		return new UserAgent(issuer()).authorizationCode(clientId, "api.read", pkce, "alice", "alice-password");
	}

	/**
	 * The token request of RFC 6749 section 4.1.3, with the client id in the body when
	 * {@code clientId} is set.
	 */
	private static Response redeem(RequestSpecification request, String url, String code, String clientId, Pkce pkce) {
		request.formParam("grant_type", "authorization_code")
			.formParam("code", code)
			.formParam("redirect_uri", UserAgent.REDIRECT_URI);
		if (clientId != null) {
			request.formParam("client_id", clientId);
		}
		if (pkce != null) {
			request.formParam("code_verifier", pkce.verifier());
		}
		return request.post(url);
	}

	/**
	 * A public client's refresh (RFC 6749 section 6): identified by its client id, proven
	 * by its certificate.
	 */
	private static Response refresh(RequestSpecification request, String url, String refreshToken) {
		return request.formParam("grant_type", "refresh_token")
			.formParam("refresh_token", refreshToken)
			.formParam("client_id", "native-client")
			.post(url);
	}

	private static void assertInvalidGrant(Response response) {
		response.then().statusCode(400);
		assertThat((String) response.path("error")).isEqualTo("invalid_grant");
	}

}
