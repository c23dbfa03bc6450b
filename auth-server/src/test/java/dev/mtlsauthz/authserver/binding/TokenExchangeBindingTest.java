package dev.mtlsauthz.authserver.binding;

import java.util.Map;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token exchange (RFC 8693): the issued token is bound to the certificate on the exchange
 * request, never to the subject token's, and with always-emit on it is bound only when a
 * certificate is presented (RFC 8705 section 3; checklist 14).
 */
class TokenExchangeBindingTest extends AuthServerIntegrationTest {

	private static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	private static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

	private final IssuedCertificate subjectCertificate = TestPki.ephemeral();

	private String subjectToken;

	/**
	 * A subject token for alice, bound to its own certificate. It comes from the
	 * authorization code grant because RFC 8693 impersonation needs a user: a
	 * client_credentials token has no principal to exchange.
	 */
	@BeforeEach
	void subjectToken() {
		String code = new UserAgent(issuer()).authorizationCode("secret-client", "api.read", null, "alice",
				"alice-password");
		Response tokens = secretClient(Tls.client(subjectCertificate)).formParam("grant_type", "authorization_code")
			.formParam("code", code)
			.formParam("redirect_uri", UserAgent.REDIRECT_URI)
			.post(alias("/oauth2/token"));
		tokens.then().statusCode(200);
		subjectToken = tokens.path("access_token");
		assertThat(cnfThumbprint(claims(subjectToken))).isEqualTo(thumbprint(subjectCertificate));
	}

	@Test
	void exchangedTokenBoundToTheCertificatePresentedAtTheAlias() {
		IssuedCertificate certificate = TestPki.ephemeral();

		Response exchanged = exchange(secretClient(Tls.client(certificate)), alias("/oauth2/token"));

		exchanged.then().statusCode(200);
		Map<String, Object> claims = claims(exchanged.path("access_token"));
		assertThat(claims.get("sub")).isEqualTo("alice");
		assertThat(cnfThumbprint(claims)).isEqualTo(thumbprint(certificate));
		assertThat((String) exchanged.path("issued_token_type")).isEqualTo(ACCESS_TOKEN_TYPE);
	}

	@Test
	void exchangeAtTheIssuerWithoutCertificateIssuesAnUnboundToken() {
		Response exchanged = exchange(secretClient(Tls.anonymous()), main("/oauth2/token"));

		exchanged.then().statusCode(200);
		Map<String, Object> claims = claims(exchanged.path("access_token"));
		assertThat(claims.get("sub")).isEqualTo("alice");
		assertThat(claims).as("the subject token's cnf is not carried over").doesNotContainKey("cnf");
	}

	private Response exchange(RequestSpecification request, String url) {
		return request.formParam("grant_type", TOKEN_EXCHANGE)
			.formParam("subject_token", subjectToken)
			.formParam("subject_token_type", ACCESS_TOKEN_TYPE)
			.post(url);
	}

	private static RequestSpecification secretClient(RequestSpecification request) {
		return basic(request, "secret-client", "secret-client-secret");
	}

}
