package dev.mtlsauthz.authserver.protectedresource;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9728 metadata is served where the challenges point, at the issuer and at the alias,
 * and its {@code resource} is the URL the client called (section 3.3); nothing else under
 * the well-known path describes a resource or sends anyone to the login page.
 */
class ProtectedResourceMetadataTest extends AuthServerIntegrationTest {

	@Test
	void userinfoMetadataAtTheIssuerNamesTheIssuersUserinfo() {
		Response metadata = Tls.anonymous().get(main("/.well-known/oauth-protected-resource/userinfo"));

		assertThat(metadata.statusCode()).isEqualTo(200);
		assertThat(metadata.<String>path("resource")).isEqualTo(main("/userinfo"));
		assertThat(metadata.<java.util.List<String>>path("authorization_servers")).containsExactly(issuer());
		assertThat(metadata.<Boolean>path("tls_client_certificate_bound_access_tokens")).isTrue();
		assertThat(metadata.<java.util.List<String>>path("bearer_methods_supported")).containsExactly("header");
		assertThat(metadata.<java.util.List<String>>path("scopes_supported")).contains("openid");
	}

	@Test
	void userinfoMetadataAtTheAliasNamesTheAliasedUserinfo() {
		Response metadata = Tls.client(TestPki.ephemeral())
			.get(alias("/.well-known/oauth-protected-resource/userinfo"));

		assertThat(metadata.statusCode()).isEqualTo(200);
		assertThat(metadata.<String>path("resource")).isEqualTo(alias("/userinfo"));
		assertThat(metadata.<java.util.List<String>>path("authorization_servers")).containsExactly(issuer());
		assertThat(metadata.<Boolean>path("tls_client_certificate_bound_access_tokens")).isTrue();
	}

	@Test
	void registrationMetadataNamesItsScope() {
		Response metadata = Tls.anonymous().get(main("/.well-known/oauth-protected-resource/oauth2/register"));

		assertThat(metadata.statusCode()).isEqualTo(200);
		assertThat(metadata.<String>path("resource")).isEqualTo(main("/oauth2/register"));
		assertThat(metadata.<java.util.List<String>>path("scopes_supported")).containsExactly("client.create");
	}

	@Test
	void theBareWellKnownPathDescribesNothingAndRedirectsNowhere() {
		Response issuer = Tls.anonymous().redirects().follow(false).get(main("/.well-known/oauth-protected-resource"));
		assertThat(issuer.statusCode()).isEqualTo(404);
		assertThat(issuer.<String>path("error_description"))
			.contains(main("/.well-known/oauth-protected-resource/userinfo"));

		Response alias = Tls.client(TestPki.ephemeral()).get(alias("/.well-known/oauth-protected-resource"));
		assertThat(alias.statusCode()).isEqualTo(404);
		assertThat(alias.<String>path("error")).isEqualTo("not_found");

		Response token = Tls.anonymous().get(main("/.well-known/oauth-protected-resource/oauth2/token"));
		assertThat(token.statusCode()).as("the token endpoint is no protected resource").isEqualTo(404);
	}

}
