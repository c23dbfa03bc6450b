package dev.mtlsauthz.resourceapi;

import java.security.cert.CertificateEncodingException;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;

import static org.hamcrest.Matchers.equalTo;

/** RFC 9440 {@code Client-Cert} and {@code Client-Cert-Chain} from a trusted proxy. */
@TestPropertySource(properties = { "mtls-authz.client-certificate.source=header",
		"mtls-authz.client-certificate.header-format=rfc9440",
		"mtls-authz.client-certificate.trusted-proxies=127.0.0.1/32" })
class TrustedProxyRfc9440HeaderTest extends TrustedProxyHeaderTest {

	@Override
	String headerName() {
		return "Client-Cert";
	}

	@Override
	String headerValue(IssuedCertificate certificate) {
		return byteSequence(certificate);
	}

	@Override
	String malformedHeaderValue() {
		return "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA";
	}

	@Test
	void chainHeaderIsAcceptedNextToTheLeaf() {
		withoutCertificate().header("Authorization", bearer(TokenFormat.JWT.boundTo(CLIENT, READ)))
			.header("Client-Cert", byteSequence(CLIENT))
			.header("Client-Cert-Chain", byteSequence(TestPki.ca()))
			.get("/api/whoami")
			.then()
			.statusCode(200)
			.body("certificate.issuer", equalTo(TestPki.ca().subject()));
	}

	private static String byteSequence(IssuedCertificate certificate) {
		try {
			return ":" + Base64.getEncoder().encodeToString(certificate.certificate().getEncoded()) + ":";
		}
		catch (CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
