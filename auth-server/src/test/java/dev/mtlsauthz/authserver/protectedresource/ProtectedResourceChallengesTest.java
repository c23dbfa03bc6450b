package dev.mtlsauthz.authserver.protectedresource;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error of the userinfo and registration endpoints carries an RFC 6750 section 3
 * challenge, at the issuer and at the alias, whose {@code resource_metadata} is the RFC
 * 9728 metadata of the URL the client called.
 */
class ProtectedResourceChallengesTest extends AuthServerIntegrationTest {

	private final IssuedCertificate certificate = TestPki.ephemeral();

	@Test
	void userinfoWithoutATokenIsChallengedWithoutAnErrorCode() {
		assertThat(Tls.anonymous().get(main("/userinfo")).header("WWW-Authenticate"))
			.isEqualTo("Bearer resource_metadata=\"" + main("/.well-known/oauth-protected-resource/userinfo") + "\"");
		assertThat(Tls.client(certificate).get(alias("/userinfo")).header("WWW-Authenticate"))
			.isEqualTo("Bearer resource_metadata=\"" + alias("/.well-known/oauth-protected-resource/userinfo") + "\"");
	}

	@Test
	void userinfoWithATokenWithoutOpenidIsInsufficientScope() {
		for (boolean atAlias : new boolean[] { false, true }) {
			Response response = tokenClient(atAlias).auth()
				.oauth2(token(atAlias, "api.read"))
				.get(url(atAlias, "/userinfo"));

			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"insufficient_scope\"")
				.contains("error_description=\"The userinfo endpoint needs an access token with the openid scope\"")
				.contains("scope=\"openid\"")
				.endsWith(
						"resource_metadata=\"" + url(atAlias, "/.well-known/oauth-protected-resource/userinfo") + "\"");
			assertThat(response.<String>path("error")).isEqualTo("insufficient_scope");
		}
	}

	@Test
	void userinfoWithARevokedTokenIsInvalidToken() {
		for (boolean atAlias : new boolean[] { false, true }) {
			String token = token(atAlias, "openid api.read");
			basic(Tls.anonymous(), "secret-client", "secret-client-secret").formParam("token", token)
				.post(main("/oauth2/revoke"))
				.then()
				.statusCode(200);

			Response response = tokenClient(atAlias).auth().oauth2(token).get(url(atAlias, "/userinfo"));

			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"")
				.contains("error_description=\"The access token is not active")
				.endsWith(
						"resource_metadata=\"" + url(atAlias, "/.well-known/oauth-protected-resource/userinfo") + "\"");
			assertThat(response.<String>path("error")).isEqualTo("invalid_token");
		}
	}

	@Test
	void userinfoWithAMalformedTokenIsInvalidToken() {
		Response response = Tls.anonymous().auth().oauth2("not-a-token").get(main("/userinfo"));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"")
			.endsWith("resource_metadata=\"" + main("/.well-known/oauth-protected-resource/userinfo") + "\"");
	}

	@Test
	void registrationWithoutATokenNamesTheRegistrationEndpointsMetadata() {
		Response response = Tls.anonymous().contentType("application/json").body("{}").post(main("/oauth2/register"));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo(
				"Bearer resource_metadata=\"" + main("/.well-known/oauth-protected-resource/oauth2/register") + "\"");
	}

	@Test
	void aRequestToAnEndpointThatIsNoResourceNamesNoMetadata() {
		Response response = Tls.anonymous()
			.accept("application/json")
			.redirects()
			.follow(false)
			.get(main("/oauth2/authorize?response_type=code&client_id=secret-client"));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	private RequestSpecification tokenClient(boolean atAlias) {
		return atAlias ? Tls.client(certificate) : Tls.anonymous();
	}

	private String token(boolean atAlias, String scope) {
		return basic(tokenClient(atAlias), "secret-client", "secret-client-secret")
			.formParam("grant_type", "client_credentials")
			.formParam("scope", scope)
			.post(url(atAlias, "/oauth2/token"))
			.then()
			.statusCode(200)
			.extract()
			.path("access_token");
	}

	private static String url(boolean atAlias, String path) {
		return atAlias ? alias(path) : main(path);
	}

}
