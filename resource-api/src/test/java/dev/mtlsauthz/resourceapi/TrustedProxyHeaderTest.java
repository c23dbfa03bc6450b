package dev.mtlsauthz.resourceapi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.mtls.X5tS256;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Behind a TLS-terminating proxy that the API trusts (checklist item 22): the certificate
 * comes from the proxy's header, the requests come from 127.0.0.1, which each subclass
 * lists in {@code mtls-authz.client-certificate.trusted-proxies}, and the proxy's own TLS
 * connection to the API carries no certificate or its own, never the client's.
 */
abstract class TrustedProxyHeaderTest extends ResourceApiTest {

	abstract String headerName();

	/**
	 * The header value the proxy sends for a client that presented {@code certificate}.
	 */
	abstract String headerValue(IssuedCertificate certificate);

	abstract String malformedHeaderValue();

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void boundTokenWithTheCertificateInTheHeaderIsAccepted(TokenFormat format) {
		withoutCertificate().header("Authorization", bearer(format.boundTo(CLIENT, READ)))
			.header(headerName(), headerValue(CLIENT))
			.get("/api/whoami")
			.then()
			.statusCode(200)
			.body("certificate.'x5t#S256'", equalTo(X5tS256.of(CLIENT.certificate()).value()));
	}

	@Test
	void headerWinsOverTheProxysOwnConnectionCertificate() {
		over(OTHER).header("Authorization", bearer(TokenFormat.JWT.boundTo(CLIENT, READ)))
			.header(headerName(), headerValue(CLIENT))
			.get("/api/whoami")
			.then()
			.statusCode(200);
	}

	@ParameterizedTest
	@EnumSource(TokenFormat.class)
	void boundTokenWithAnotherCertificateInTheHeaderIsInvalidToken(TokenFormat format) {
		withoutCertificate().header("Authorization", bearer(format.boundTo(CLIENT, READ)))
			.header(headerName(), headerValue(OTHER))
			.get("/api/whoami")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""))
			.header("WWW-Authenticate", containsString("bound to a different client certificate"));
	}

	@Test
	void withoutHeaderTheProxysClientPresentedNoCertificate() {
		over(CLIENT).header("Authorization", bearer(TokenFormat.JWT.boundTo(CLIENT, READ)))
			.get("/api/whoami")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", containsString("presented no client certificate"));
	}

	@Test
	void malformedHeaderIsInvalidRequestSayingWhichHeader() {
		withoutCertificate().header("Authorization", bearer(TokenFormat.JWT.boundTo(CLIENT, READ)))
			.header(headerName(), malformedHeaderValue())
			.get("/api/whoami")
			.then()
			.statusCode(400)
			.body("error", equalTo("invalid_request"))
			.body("error_description", startsWith(headerName()));
	}

}
