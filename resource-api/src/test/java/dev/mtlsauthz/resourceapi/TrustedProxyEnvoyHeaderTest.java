package dev.mtlsauthz.resourceapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.springframework.test.context.TestPropertySource;

import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.Pem;

/**
 * Envoy's {@code x-forwarded-client-cert}, where an element forwarded from farther away
 * precedes the one the trusted proxy appended; only the latter counts.
 */
@TestPropertySource(properties = { "mtls-authz.client-certificate.source=header",
		"mtls-authz.client-certificate.header-format=envoy",
		"mtls-authz.client-certificate.trusted-proxies=127.0.0.1/32" })
class TrustedProxyEnvoyHeaderTest extends TrustedProxyHeaderTest {

	@Override
	String headerName() {
		return "x-forwarded-client-cert";
	}

	@Override
	String headerValue(IssuedCertificate certificate) {
		IssuedCertificate farther = certificate == OTHER ? CLIENT : OTHER;
		return "By=spiffe://farther;Cert=\"" + escaped(farther) + "\"," + "By=spiffe://resource-api;Hash=unused;Cert=\""
				+ escaped(certificate) + "\";Subject=\"" + certificate.subject() + "\";URI=";
	}

	@Override
	String malformedHeaderValue() {
		return "By=spiffe://resource-api;Cert=\"" + escaped(CLIENT);
	}

	private static String escaped(IssuedCertificate certificate) {
		return URLEncoder.encode(Pem.encode(certificate.certificate()), StandardCharsets.US_ASCII).replace("+", "%20");
	}

}
