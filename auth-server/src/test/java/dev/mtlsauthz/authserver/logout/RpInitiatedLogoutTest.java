package dev.mtlsauthz.authserver.logout;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.RelyingParty;
import dev.mtlsauthz.authserver.UserSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenID Connect RP-Initiated Logout 1.0 as relying parties use it: with the ID token
 * they got at sign-in even after refreshing (section 2), with an expired one (section 4),
 * without a return address, and refused with the OAuth error on the page.
 */
class RpInitiatedLogoutTest extends AuthServerIntegrationTest {

	private static final String CLIENT_ID = "logout-rp";

	private static final String SIGNED_OUT_URI = RelyingParty.POST_LOGOUT_REDIRECT_URI;

	private final UserSession session = new UserSession(issuer());

	private final RelyingParty client = new RelyingParty(CLIENT_ID, session, alias("/oauth2/token"));

	@Autowired
	private JWKSource<SecurityContext> serverKeys;

	@BeforeEach
	void relyingParty() {
		register(RelyingParty.metadata(CLIENT_ID, "openid profile"));
	}

	@Test
	void theSignInIdTokenStillSignsOutAfterTheTokensWereRefreshed() {
		Response tokens = signInTokens();
		Response refreshed = client.refresh(tokens.path("refresh_token"));
		refreshed.then().statusCode(200);
		assertThat((String) refreshed.path("id_token")).isNotEqualTo(tokens.path("id_token"));

		Response logout = logout(tokens.path("id_token"), SIGNED_OUT_URI);

		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(logout.header("Location")).isEqualTo(SIGNED_OUT_URI + "?state=bye");
		assertThat(session.get("/").header("Location")).as("signed out").isEqualTo(issuer() + "/login");
	}

	@Test
	void anExpiredIdTokenThisServerIssuedSignsOut() {
		signInTokens();
		String expired = idToken(serverKeys, "alice", Instant.now().minusSeconds(7200));

		Response logout = logout(expired, SIGNED_OUT_URI);

		assertThat(logout.header("Location")).isEqualTo(SIGNED_OUT_URI + "?state=bye");
		assertThat(session.get("/").header("Location")).isEqualTo(issuer() + "/login");
	}

	@Test
	void withoutAReturnAddressThePersonSeesThatTheyWereSignedOut() {
		Response tokens = signInTokens();

		Response logout = session.get("/connect/logout", Map.of("id_token_hint", tokens.path("id_token")));

		assertThat(logout.header("Location")).isEqualTo(issuer() + "/login?logout");
		assertThat(session.open(logout.header("Location")).asString()).contains("You have been signed out.");
		assertThat(session.get("/").header("Location")).isEqualTo(issuer() + "/login");
	}

	@Test
	void anIdTokenOfAnotherIssuerIsRefusedOnTheErrorPageWithItsErrorAndTheUserStaysSignedIn() throws Exception {
		signInTokens();
		JWKSource<SecurityContext> otherKeys = new ImmutableJWKSet<>(
				new JWKSet(new RSAKeyGenerator(2048).keyID("other").generate()));

		Response logout = logout(idToken(otherKeys, "alice", Instant.now().plusSeconds(600)), SIGNED_OUT_URI);

		assertThat(logout.statusCode()).isEqualTo(400);
		assertThat(logout.asString()).contains("This sign-out request cannot be completed")
			.contains("invalid_token")
			.contains("id_token_hint is not a token this server issued")
			.contains("href=\"/logout\"");
		assertThat(session.get("/").statusCode()).as("still signed in").isEqualTo(200);
	}

	@Test
	void anIdTokenIssuedForAnotherUserDoesNotSignAliceOut() {
		signInTokens();

		Response logout = logout(idToken(serverKeys, "bob", Instant.now().plusSeconds(600)), SIGNED_OUT_URI);

		assertThat(logout.statusCode()).isEqualTo(400);
		assertThat(logout.asString()).contains("invalid_token").contains("another user");
		assertThat(session.get("/").statusCode()).isEqualTo(200);
	}

	@Test
	void anUnregisteredReturnAddressIsRefusedNamingTheParameter() {
		Response tokens = signInTokens();

		Response logout = logout(tokens.path("id_token"), "https://evil.example.com/");

		assertThat(logout.statusCode()).isEqualTo(400);
		assertThat(logout.asString()).contains("invalid_request").contains("post_logout_redirect_uri");
	}

	private Response logout(String idToken, String postLogoutRedirectUri) {
		return session.get("/connect/logout",
				Map.of("id_token_hint", idToken, "post_logout_redirect_uri", postLogoutRedirectUri, "state", "bye"));
	}

	private Response signInTokens() {
		return client.tokens("openid profile", null);
	}

	/**
	 * An ID token for this client signed with {@code keys}, expiring at {@code expiry}.
	 */
	private static String idToken(JWKSource<SecurityContext> keys, String subject, Instant expiry) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(issuer())
			.subject(subject)
			.audience(List.of(CLIENT_ID))
			.claim("azp", CLIENT_ID)
			.issuedAt(expiry.minusSeconds(1800))
			.expiresAt(expiry)
			.build();
		return new NimbusJwtEncoder(keys).encode(JwtEncoderParameters.from(claims)).getTokenValue();
	}

}
