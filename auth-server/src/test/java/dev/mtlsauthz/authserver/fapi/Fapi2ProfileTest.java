package dev.mtlsauthz.authserver.fapi;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.authserver.clients.ClientMetadata;
import dev.mtlsauthz.authserver.clients.InvalidClientMetadataException;
import dev.mtlsauthz.authserver.fapi.FapiFixtures.Pkce;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static dev.mtlsauthz.authserver.fapi.FapiFixtures.REDIRECT_URI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The FAPI 2.0 Security Profile (final) section 5.3.2 for a client registered with
 * {@code security_profile: fapi2}, each rule a test named after it (in the words of the
 * OpenID Foundation's conformance conditions where there is one), over real TLS at the
 * issuer and the mTLS aliases: a {@code tls_client_auth} client and a
 * {@code private_key_jwt} one.
 */
class Fapi2ProfileTest extends AuthServerIntegrationTest {

	private static final String PKI_CLIENT = "fapi-pki-client";

	private static final String JWT_CLIENT = "fapi-jwt-client";

	private static final RSAKey CLIENT_KEY = rsaKey();

	private final IssuedCertificate certificate = TestPki
		.issued(TestPki.fromCa("CN=" + PKI_CLIENT + ", O=mtls-authz test"));

	@Autowired
	private OAuth2AuthorizationService authorizations;

	@BeforeEach
	void registerClients() {
		register(Map.of("client_id", PKI_CLIENT, "token_endpoint_auth_method", "tls_client_auth",
				"tls_client_auth_subject_dn", "CN=" + PKI_CLIENT + ", O=mtls-authz test", "security_profile", "fapi2",
				"grant_types", List.of("authorization_code", "refresh_token"), "redirect_uris",
				List.of(REDIRECT_URI, "http://app.example.com/callback"), "scope", "api.read"));
		register(Map.of("client_id", JWT_CLIENT, "token_endpoint_auth_method", "private_key_jwt", "jwks",
				FapiFixtures.jwks(CLIENT_KEY), "security_profile", "fapi2", "grant_types",
				List.of("client_credentials"), "scope", "api.read"));
	}

	@Test
	void fapi2CodeFlowEndsInACertificateBoundTokenAndTheAuthorizationResponseCarriesIss() {
		Pkce pkce = Pkce.s256();
		Response pushed = pushed(Tls.client(certificate), parameters(pkce));
		pushed.then().statusCode(201);

		String location = new UserSession(issuer())
			.authorize(Map.of("client_id", PKI_CLIENT, "request_uri", pushed.path("request_uri")));

		assertThat(location).startsWith(REDIRECT_URI);
		assertThat(UserSession.parameter(location, "iss")).isEqualTo(issuer());
		assertThat(UserSession.parameter(location, "state")).isEqualTo("fapi-state");
		Response tokens = Tls.client(certificate)
			.formParam("grant_type", "authorization_code")
			.formParam("client_id", PKI_CLIENT)
			.formParam("redirect_uri", REDIRECT_URI)
			.formParam("code", UserSession.parameter(location, "code"))
			.formParam("code_verifier", pkce.verifier())
			.post(alias("/oauth2/token"));
		tokens.then().statusCode(200);
		assertThat(cnfThumbprint(claims(tokens.path("access_token")))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void authorizationCodeLifetimeIsAtMost60Seconds() {
		Pkce pkce = Pkce.s256();
		String location = new UserSession(issuer()).authorize(Map.of("client_id", PKI_CLIENT, "request_uri",
				pushed(Tls.client(certificate), parameters(pkce)).path("request_uri")));

		OAuth2Authorization authorization = authorizations.findByToken(UserSession.parameter(location, "code"),
				new OAuth2TokenType("code"));
		OAuth2AuthorizationCode code = authorization.getToken(OAuth2AuthorizationCode.class).getToken();
		assertThat(Duration.between(code.getIssuedAt(), code.getExpiresAt())).isPositive()
			.isLessThanOrEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void pushedRequestUriExpiresInLessThan600Seconds() {
		Response pushed = pushed(Tls.client(certificate), parameters(Pkce.s256()));

		pushed.then().statusCode(201);
		assertThat((Integer) pushed.path("expires_in")).isPositive().isLessThan(600);
	}

	@Test
	void authorizationRequestNotPushedIsRefusedWithInvalidRequestOnTheErrorPage() {
		Map<String, String> plain = new HashMap<>(parameters(Pkce.s256()));
		UserSession session = new UserSession(issuer());
		session.signIn("alice", "alice-password");

		Response refused = session.get("/oauth2/authorize", plain);

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.header("Location")).isNull();
		assertThat(refused.asString()).contains("invalid_request");
	}

	@Test
	void pushedRequestWithoutPkceIsInvalidRequest() {
		Map<String, String> withoutPkce = new HashMap<>(parameters(Pkce.s256()));
		withoutPkce.remove("code_challenge");
		withoutPkce.remove("code_challenge_method");

		assertRefused(pushed(Tls.client(certificate), withoutPkce), 400, "invalid_request");
	}

	@Test
	void pushedRequestWithPlainPkceIsInvalidRequest() {
		Map<String, String> plainPkce = new HashMap<>(parameters(Pkce.s256()));
		plainPkce.put("code_challenge_method", "plain");

		assertRefused(pushed(Tls.client(certificate), plainPkce), 400, "invalid_request");
	}

	@Test
	void pushedRequestWithoutRedirectUriIsInvalidRequest() {
		Map<String, String> withoutRedirectUri = new HashMap<>(parameters(Pkce.s256()));
		withoutRedirectUri.remove("redirect_uri");

		assertRefused(pushed(Tls.client(certificate), withoutRedirectUri), 400, "invalid_request");
	}

	@Test
	void pushedRequestWithAnHttpRedirectUriThatIsNotLoopbackIsInvalidRequest() {
		Map<String, String> httpRedirect = new HashMap<>(parameters(Pkce.s256()));
		httpRedirect.put("redirect_uri", "http://app.example.com/callback");

		Response refused = pushed(Tls.client(certificate), httpRedirect);

		assertRefused(refused, 400, "invalid_request");
		assertThat((String) refused.path("error_description")).contains("http redirect_uri");
	}

	@Test
	void responseTypeOtherThanCodeIsRefused() {
		Map<String, String> implicit = new HashMap<>(parameters(Pkce.s256()));
		implicit.put("response_type", "code id_token");

		Response refused = pushed(Tls.client(certificate), implicit);

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat((String) refused.path("error")).isIn("unsupported_response_type", "invalid_request");
	}

	@Test
	void pushedRequestWithoutClientAuthenticationIsInvalidClient() {
		assertRefused(pushed(Tls.anonymous(), parameters(Pkce.s256())), 401, "invalid_client");
	}

	@Test
	void clientSecretAuthenticationCannotBeRegisteredUnderTheProfile() {
		assertThatThrownBy(() -> ClientMetadata.toRegisteredClient(
				Map.of("client_id", "fapi-secret-client", "client_secret", "secret", "token_endpoint_auth_method",
						"client_secret_basic", "security_profile", "fapi2"),
				NoOpPasswordEncoder.getInstance(), file -> null))
			.isInstanceOf(InvalidClientMetadataException.class)
			.hasMessageContaining("token_endpoint_auth_method");
	}

	@Test
	void tokenRequestWithoutCertificateOrDpopProofIsInvalidRequestBecauseTokensMustBeSenderConstrained() {
		Response refused = clientCredentials(privateKeyJwt(Tls.anonymous(), issuer()), main("/oauth2/token"));

		assertRefused(refused, 400, "invalid_request");
		assertThat((String) refused.path("error_description")).contains("sender-constrained");
	}

	@Test
	void tokenRequestWithDpopProofGetsADpopBoundToken() throws Exception {
		ECKey dpopKey = new ECKeyGenerator(Curve.P_256).algorithm(JWSAlgorithm.ES256).generate();
		String tokenEndpoint = main("/oauth2/token");

		Response tokens = clientCredentials(
				privateKeyJwt(Tls.anonymous(), issuer()).header("DPoP", FapiFixtures.dpopProof(dpopKey, tokenEndpoint)),
				tokenEndpoint);

		tokens.then().statusCode(200);
		assertThat((String) tokens.path("token_type")).isEqualTo("DPoP");
		assertThat(claims(tokens.path("access_token"))).containsEntry("cnf",
				Map.of("jkt", dpopKey.computeThumbprint().toString()));
	}

	@Test
	void tokenRequestWithCertificateGetsACertificateBoundToken() {
		IssuedCertificate presented = TestPki.ephemeral();

		Response tokens = clientCredentials(privateKeyJwt(Tls.client(presented), issuer()), alias("/oauth2/token"));

		tokens.then().statusCode(200);
		assertThat(cnfThumbprint(claims(tokens.path("access_token")))).isEqualTo(thumbprint(presented));
	}

	@Test
	void clientAssertionWhoseAudienceIsTheTokenEndpointNotTheIssuerIsInvalidClient() {
		Response refused = clientCredentials(privateKeyJwt(Tls.client(TestPki.ephemeral()), alias("/oauth2/token")),
				alias("/oauth2/token"));

		assertRefused(refused, 401, "invalid_client");
		assertThat((String) refused.path("error_description")).contains("aud");
	}

	@Test
	void clientRequiringPushedAuthorizationRequestsRefusesAPlainRequestAndAcceptsAPushedOne() {
		register(Map.of("client_id", "par-only-client", "client_secret", "par-only-secret",
				"token_endpoint_auth_method", "client_secret_basic", "require_pushed_authorization_requests", true,
				"redirect_uris", List.of(REDIRECT_URI), "scope", "api.read"));
		Map<String, String> request = Map.of("response_type", "code", "client_id", "par-only-client", "redirect_uri",
				REDIRECT_URI, "scope", "api.read", "state", "par-only");

		UserSession session = new UserSession(issuer());
		session.signIn("alice", "alice-password");
		Response refused = session.get("/oauth2/authorize", request);
		Response pushed = basic(Tls.anonymous(), "par-only-client", "par-only-secret").formParams(request)
			.post(main("/oauth2/par"));
		String granted = new UserSession(issuer())
			.authorize(Map.of("client_id", "par-only-client", "request_uri", pushed.path("request_uri")));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.asString()).contains("invalid_request");
		assertThat(UserSession.parameter(granted, "code")).isNotBlank();
	}

	private static Map<String, String> parameters(Pkce pkce) {
		return Map.of("client_id", PKI_CLIENT, "response_type", "code", "redirect_uri", REDIRECT_URI, "scope",
				"api.read", "state", "fapi-state", "code_challenge", pkce.challenge(), "code_challenge_method", "S256");
	}

	private static Response pushed(RequestSpecification request, Map<String, String> parameters) {
		return request.formParams(parameters).post(alias("/oauth2/par"));
	}

	private static RequestSpecification privateKeyJwt(RequestSpecification request, String audience) {
		return request.formParam("client_id", JWT_CLIENT)
			.formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
			.formParam("client_assertion", FapiFixtures.clientAssertion(CLIENT_KEY, JWT_CLIENT, audience));
	}

	private static void assertRefused(Response response, int status, String error) {
		assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
		assertThat((String) response.path("error")).isEqualTo(error);
		assertThat((String) response.path("error_description")).isNotBlank();
	}

	private static RSAKey rsaKey() {
		try {
			return new RSAKeyGenerator(2048).keyID("fapi-client-key").algorithm(JWSAlgorithm.RS256).generate();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
