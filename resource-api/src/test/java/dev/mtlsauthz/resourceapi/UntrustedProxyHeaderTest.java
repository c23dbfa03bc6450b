package dev.mtlsauthz.resourceapi;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.hamcrest.Matchers.containsString;

/**
 * The proxy header from an address that is not a trusted proxy is ignored (checklist item
 * 22): the requests come from 127.0.0.1, which {@code trusted-proxies} does not list, so
 * only the TLS connection's certificate counts.
 */
@TestPropertySource(properties = { "mtls-authz.client-certificate.source=header",
		"mtls-authz.client-certificate.header-format=rfc9440",
		"mtls-authz.client-certificate.trusted-proxies=10.255.0.0/16" })
class UntrustedProxyHeaderTest extends ResourceApiTest {

	@Test
	void forgedHeaderDoesNotProveAnything() throws Exception {
		withoutCertificate().header("Authorization", bearer(TokenFormat.JWT.boundTo(CLIENT, READ)))
			.header("Client-Cert", ":" + Base64.getEncoder().encodeToString(CLIENT.certificate().getEncoded()) + ":")
			.get("/api/whoami")
			.then()
			.statusCode(401)
			.header("WWW-Authenticate", containsString("presented no client certificate"));
	}

	@Test
	void connectionCertificateCountsInsteadOfTheHeader() throws Exception {
		over(CLIENT).header("Authorization", bearer(TokenFormat.OPAQUE.boundTo(CLIENT, READ)))
			.header("Client-Cert", ":" + Base64.getEncoder().encodeToString(OTHER.certificate().getEncoded()) + ":")
			.get("/api/whoami")
			.then()
			.statusCode(200);
	}

	@Test
	void malformedHeaderFromUntrustedAddressIsIgnoredRatherThanRefused() {
		withoutCertificate().header("Authorization", bearer(TokenFormat.JWT.unbound(READ)))
			.header("Client-Cert", "garbage")
			.get("/api/whoami")
			.then()
			.statusCode(200);
	}

}
