package dev.mtlsauthz.authserver.clients;

import java.time.Duration;
import java.util.Map;

import io.restassured.response.Response;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code tls_client_auth} (RFC 8705 section 2.1): PKIX plus one registered subject
 * (checklist 6, 7, 9).
 */
class CertificateClientAuthenticationTest extends AuthServerIntegrationTest {

	private static final String PKI_CLIENT = "CN=pki-client, O=mtls-authz test";

	@Test
	void caIssuedCertificateWithTheRegisteredSubjectAuthenticatesAndBindsTheToken() {
		IssuedCertificate certificate = TestPki.issued(TestPki.fromCa(PKI_CLIENT));

		String token = tlsClientAuth(certificate, "pki-client").then().statusCode(200).extract().path("access_token");

		assertThat(cnfThumbprint(claims(token))).isEqualTo(thumbprint(certificate));
	}

	@Test
	void leafOnlyChainAuthenticatesWhenItsIssuerIsATrustAnchor() {
		IssuedCertificate leafOnly = TestPki.issued(TestPki.fromCa(PKI_CLIENT)).leafOnly();

		tlsClientAuth(leafOnly, "pki-client").then().statusCode(200);
	}

	@Test
	void subjectDnIsComparedAsANameNotAsAString() {
		IssuedCertificate differentlySpelled = TestPki.issued(TestPki.fromCa("cn=pki-client,o=MTLS-AUTHZ TEST"));

		tlsClientAuth(differentlySpelled, "pki-client").then().statusCode(200);
	}

	@Test
	void subjectAlternativeNameMatchersMatchTheLeaf() {
		tlsClientAuth(TestPki.issued(TestPki.fromCa("CN=any").dnsNames("CLIENT.example.com")), "san-dns-client").then()
			.statusCode(200);
		tlsClientAuth(TestPki.issued(TestPki.fromCa("CN=any").uris("spiffe://example.com/client")), "san-uri-client")
			.then()
			.statusCode(200);
		tlsClientAuth(TestPki.issued(TestPki.fromCa("CN=any").ipAddresses("2001:0db8:0:0:0:0:0:1")), "san-ip-client")
			.then()
			.statusCode(200);
		tlsClientAuth(TestPki.issued(TestPki.fromCa("CN=any").emails("Client@EXAMPLE.com")), "san-email-client").then()
			.statusCode(200);
	}

	@Test
	void subjectAlternativeNamesThatDifferAreRefused() {
		assertInvalidClient(
				tlsClientAuth(TestPki.issued(TestPki.fromCa("CN=any").dnsNames("other.example.com")), "san-dns-client"),
				"tls_client_auth_san_dns");
		assertInvalidClient(
				tlsClientAuth(TestPki.issued(TestPki.fromCa("CN=any").ipAddresses("2001:db8::2")), "san-ip-client"),
				"tls_client_auth_san_ip");
		assertInvalidClient(tlsClientAuth(TestPki.issued(TestPki.fromCa("CN=any").emails("client@example.com")),
				"san-email-client"), "tls_client_auth_san_email");
	}

	@Test
	void onlyTheLeafIsMatchedNeverAnIssuerInTheChain() {
		// The CA's own subject is not the client's, and a leaf with another subject must
		// not pass because of it.
		IssuedCertificate certificate = TestPki.issued(TestPki.fromCa("CN=someone-else, O=mtls-authz test"));

		assertInvalidClient(tlsClientAuth(certificate, "pki-client"), "tls_client_auth_subject_dn");
	}

	@Test
	void noCertificateIsInvalidClient() {
		Response response = Tls.anonymous()
			.formParam("client_id", "pki-client")
			.formParam("grant_type", "client_credentials")
			.post(main("/oauth2/token"));

		assertInvalidClient(response, "presented no client certificate");
	}

	@Test
	void certificateFromAnUntrustedCaIsInvalidClient() {
		assertInvalidClient(tlsClientAuth(TestPki.fromUntrustedCa(PKI_CLIENT), "pki-client"), "not trusted");
	}

	@Test
	void selfSignedCertificateWithTheRightSubjectIsInvalidClient() {
		IssuedCertificate selfSigned = dev.mtlsauthz.certs.CertificateBuilder.subject(PKI_CLIENT)
			.clientAuth()
			.validFor(java.time.Duration.ofHours(1))
			.selfSigned();

		assertInvalidClient(tlsClientAuth(selfSigned, "pki-client"), "not trusted");
	}

	@Test
	void caIssuedCertificateForTlsServersOnlyIsInvalidClientEvenWithTheRightSubject() {
		IssuedCertificate serverOnly = TestPki
			.issued(CertificateBuilder.subject(PKI_CLIENT).serverAuth().validFor(Duration.ofDays(1)));

		assertInvalidClient(tlsClientAuth(serverOnly, "pki-client"), "does not include clientAuth");
	}

	@Test
	void caIssuedCertificateWhoseKeyUsageForbidsSignaturesIsInvalidClient() {
		IssuedCertificate encipherOnly = TestPki.issued(TestPki.fromCa(PKI_CLIENT).keyUsage(KeyUsage.keyEncipherment));

		assertInvalidClient(tlsClientAuth(encipherOnly, "pki-client"), "digitalSignature");
	}

	@Test
	void caIssuedCertificateWithClientAndServerUsesAuthenticates() {
		IssuedCertificate both = TestPki.issued(TestPki.fromCa(PKI_CLIENT).serverAuth());

		tlsClientAuth(both, "pki-client").then().statusCode(200);
	}

	@Test
	void expiredCertificateIsInvalidClient() {
		assertInvalidClient(tlsClientAuth(TestPki.expired(PKI_CLIENT), "pki-client"), "expired");
	}

	@Test
	void anotherClientsCertificateIsInvalidClient() {
		IssuedCertificate clientA = TestPki.issued(TestPki.fromCa(PKI_CLIENT));

		assertInvalidClient(tlsClientAuth(clientA, "other-pki-client"), "tls_client_auth_subject_dn");
	}

	@Test
	void disabledClientIsInvalidClient() {
		IssuedCertificate certificate = TestPki.issued(TestPki.fromCa("CN=disabled-pki-client, O=mtls-authz test"));

		assertInvalidClient(tlsClientAuth(certificate, "disabled-pki-client"), "Unknown or disabled client");
	}

	@Test
	void failuresAreJsonWithoutStackTraces() {
		Map<String, Object> body = tlsClientAuth(TestPki.ephemeral(), "pki-client").then()
			.statusCode(401)
			.header("Cache-Control", containsString("no-store"))
			.extract()
			.jsonPath()
			.getMap("$");

		assertThat(body).containsKeys("error", "error_description").doesNotContainKeys("trace", "exception");
	}

	private static Response tlsClientAuth(IssuedCertificate certificate, String clientId) {
		return Tls.client(certificate)
			.formParam("client_id", clientId)
			.formParam("grant_type", "client_credentials")
			.formParam("scope", "api.read")
			.post(alias("/oauth2/token"));
	}

	private static void assertInvalidClient(Response response, String descriptionPart) {
		response.then()
			.statusCode(401)
			.body("error", equalTo("invalid_client"))
			.body("error_description", containsString(descriptionPart));
	}

}
