package dev.mtlsauthz.authserver.clients;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restassured.response.Response;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.Pem;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation checking of {@code tls_client_auth} chains, configured per trust anchor
 * ({@code authserver.mtls.revocation}), against a real OCSP responder and real CRLs that
 * this test signs with BouncyCastle and serves over HTTP: one CA in hard-fail, one in
 * soft-fail, and the test CA with checking off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class CertificateRevocationTest {

	private static final int PORT = AuthServerIntegrationTest.freePort();

	private static final int MTLS_PORT = AuthServerIntegrationTest.freePort();

	private static final String HARD_SUBJECT = "CN=hard-client, O=mtls-authz test";

	private static final String SOFT_SUBJECT = "CN=soft-client, O=mtls-authz test";

	private static final IssuedCertificate HARD_CA = ca("CN=Hard-fail Revocation CA, O=mtls-authz test");

	private static final IssuedCertificate SOFT_CA = ca("CN=Soft-fail Revocation CA, O=mtls-authz test");

	private static final Map<BigInteger, Integer> REVOKED = new ConcurrentHashMap<>();

	private static final Map<String, AtomicInteger> REQUESTS = new ConcurrentHashMap<>();

	private static final HttpServer REVOCATION_SERVER = revocationServer();

	/** Nothing listens there. */
	private static final String UNREACHABLE = "http://127.0.0.1:" + AuthServerIntegrationTest.freePort() + "/gone";

	private static final IssuedCertificate GOOD_BY_OCSP = issued(HARD_SUBJECT, HARD_CA, "/ocsp/hard", null);

	private static final IssuedCertificate REVOKED_BY_OCSP = revoked(issued(HARD_SUBJECT, HARD_CA, "/ocsp/hard", null),
			CRLReason.keyCompromise);

	private static final IssuedCertificate GOOD_BY_CRL = issued(HARD_SUBJECT, HARD_CA, null, "/crl/hard");

	private static final IssuedCertificate REVOKED_BY_CRL = revoked(issued(HARD_SUBJECT, HARD_CA, null, "/crl/hard"),
			CRLReason.cessationOfOperation);

	private static final IssuedCertificate SOFT_REVOKED = revoked(issued(SOFT_SUBJECT, SOFT_CA, null, "/crl/soft"),
			CRLReason.superseded);

	@Autowired
	private EnabledClientsRepository clients;

	@Autowired
	private PasswordEncoder passwordEncoder;

	@DynamicPropertySource
	static void revocationPerAnchor(DynamicPropertyRegistry registry) throws IOException {
		AuthServerIntegrationTest.configure(registry, PORT, MTLS_PORT, true,
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		String hard = write("revocation-hard-ca.crt", HARD_CA);
		String soft = write("revocation-soft-ca.crt", SOFT_CA);
		registry.add("authserver.mtls.trust-anchors[1]", () -> hard);
		registry.add("authserver.mtls.trust-anchors[2]", () -> soft);
		registry.add("authserver.mtls.revocation.anchors[0].certificate", () -> hard);
		registry.add("authserver.mtls.revocation.anchors[0].mode", () -> "hard-fail");
		registry.add("authserver.mtls.revocation.anchors[1].certificate", () -> soft);
		registry.add("authserver.mtls.revocation.anchors[1].mode", () -> "soft-fail");
		registry.add("authserver.mtls.revocation.timeout", () -> "2s");
	}

	@AfterAll
	static void stopRevocationServer() {
		REVOCATION_SERVER.stop(0);
	}

	@BeforeEach
	void clients() {
		for (String subject : List.of(HARD_SUBJECT, SOFT_SUBJECT)) {
			String clientId = subject.substring(3, subject.indexOf(','));
			clients.save(ClientMetadata.toRegisteredClient(Map.of("client_id", clientId, "token_endpoint_auth_method",
					"tls_client_auth", "tls_client_auth_subject_dn", subject, "grant_types",
					List.of("client_credentials"), "scope", "api.read"), passwordEncoder, file -> null));
		}
	}

	@Test
	void aCertificateTheOcspResponderCallsGoodAuthenticatesAndItsAnswerIsReused() {
		int before = requests("/ocsp/hard");

		tlsClientAuth(GOOD_BY_OCSP, "hard-client").then().statusCode(200);
		tlsClientAuth(GOOD_BY_OCSP, "hard-client").then().statusCode(200);

		assertThat(requests("/ocsp/hard") - before).as("OCSP requests for two token requests").isEqualTo(1);
	}

	@Test
	void aCertificateTheOcspResponderCallsRevokedIsInvalidClientNamingTheReason() {
		assertInvalidClient(tlsClientAuth(REVOKED_BY_OCSP, "hard-client"), "has been revoked", "keyCompromise", "OCSP");
	}

	@Test
	void aCertificateOnTheCrlIsInvalidClientNamingTheReasonAndOneNotOnItAuthenticates() {
		assertInvalidClient(tlsClientAuth(REVOKED_BY_CRL, "hard-client"), "has been revoked", "cessationOfOperation",
				"CRL");
		tlsClientAuth(GOOD_BY_CRL, "hard-client").then().statusCode(200);
	}

	@Test
	void hardFailRefusesACertificateWhoseStatusCannotBeLearnt() {
		assertInvalidClient(tlsClientAuth(issued(HARD_SUBJECT, HARD_CA, UNREACHABLE, UNREACHABLE), "hard-client"),
				"cannot be determined");
		assertInvalidClient(tlsClientAuth(issued(HARD_SUBJECT, HARD_CA, null, null), "hard-client"),
				"no OCSP responder and no CRL distribution point");
	}

	@Test
	void softFailAcceptsACertificateWhoseStatusCannotBeLearntButNotARevokedOne() {
		tlsClientAuth(issued(SOFT_SUBJECT, SOFT_CA, UNREACHABLE, UNREACHABLE), "soft-client").then().statusCode(200);
		assertInvalidClient(tlsClientAuth(SOFT_REVOKED, "soft-client"), "has been revoked", "superseded");
	}

	@Test
	void anAnchorWithCheckingOffIgnoresRevocationInformation() {
		IssuedCertificate certificate = CertificateBuilder.subject("CN=pki-client, O=mtls-authz test")
			.clientAuth()
			.validFor(Duration.ofDays(1))
			.crlDistributionPoint(UNREACHABLE)
			.issuedBy(TestPki.ca());

		tlsClientAuth(certificate, "pki-client").then().statusCode(200);
	}

	private static Response tlsClientAuth(IssuedCertificate certificate, String clientId) {
		return Tls.client(certificate)
			.formParam("client_id", clientId)
			.formParam("grant_type", "client_credentials")
			.formParam("scope", "api.read")
			.post("https://localhost:" + MTLS_PORT + "/oauth2/token");
	}

	private static void assertInvalidClient(Response response, String... descriptionParts) {
		assertThat(response.statusCode()).as(response.asString()).isEqualTo(401);
		assertThat((String) response.path("error")).isEqualTo("invalid_client");
		assertThat((String) response.path("error_description")).contains(descriptionParts);
	}

	private static int requests(String path) {
		return REQUESTS.computeIfAbsent(path, p -> new AtomicInteger()).get();
	}

	private static IssuedCertificate ca(String subject) {
		return CertificateBuilder.subject(subject).certificateAuthority().validFor(Duration.ofDays(1)).selfSigned();
	}

	/**
	 * @param ocspPath the OCSP responder's path on the revocation server, or an absolute
	 * URL
	 * @param crlPath the CRL's path on the revocation server, or an absolute URL
	 */
	private static IssuedCertificate issued(String subject, IssuedCertificate ca, String ocspPath, String crlPath) {
		CertificateBuilder builder = CertificateBuilder.subject(subject).clientAuth().validFor(Duration.ofDays(1));
		if (ocspPath != null) {
			builder.ocspResponder(url(ocspPath));
		}
		if (crlPath != null) {
			builder.crlDistributionPoint(url(crlPath));
		}
		return builder.issuedBy(ca);
	}

	private static IssuedCertificate revoked(IssuedCertificate certificate, int reason) {
		REVOKED.put(certificate.certificate().getSerialNumber(), reason);
		return certificate;
	}

	private static String url(String path) {
		return path.startsWith("http") ? path : "http://127.0.0.1:" + REVOCATION_SERVER.getAddress().getPort() + path;
	}

	private static String write(String name, IssuedCertificate ca) throws IOException {
		Path file = TestPki.DIRECTORY.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, Pem.encode(ca.certificate()));
		return "file:" + file;
	}

	private static HttpServer revocationServer() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/ocsp/hard", exchange -> respond(exchange, ocspResponse(exchange, HARD_CA)));
			server.createContext("/crl/hard", exchange -> respond(exchange, crl(HARD_CA)));
			server.createContext("/crl/soft", exchange -> respond(exchange, crl(SOFT_CA)));
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void respond(HttpExchange exchange, byte[] body) throws IOException {
		REQUESTS.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
		exchange.sendResponseHeaders(200, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	/** An OCSP responder (RFC 6960) that is the CA itself. */
	private static byte[] ocspResponse(HttpExchange exchange, IssuedCertificate ca) throws IOException {
		try {
			OCSPReq request = new OCSPReq(exchange.getRequestBody().readAllBytes());
			JcaBasicOCSPRespBuilder response = new JcaBasicOCSPRespBuilder(ca.certificate().getPublicKey(),
					new JcaDigestCalculatorProviderBuilder().build().get(org.bouncycastle.cert.ocsp.RespID.HASH_SHA1));
			Date now = new Date();
			Date nextUpdate = Date.from(Instant.now().plus(Duration.ofHours(1)));
			for (Req single : request.getRequestList()) {
				Integer reason = REVOKED.get(single.getCertID().getSerialNumber());
				CertificateStatus status = reason == null ? CertificateStatus.GOOD
						: new RevokedStatus(Date.from(Instant.now().minus(Duration.ofHours(1))), reason);
				response.addResponse(single.getCertID(), status, now, nextUpdate, null);
			}
			BasicOCSPResp signed = response.build(signer(ca),
					new X509CertificateHolder[] { new JcaX509CertificateHolder(ca.certificate()) }, now);
			return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, signed).getEncoded();
		}
		catch (Exception ex) {
			throw new IOException(ex);
		}
	}

	/** The CA's CRL (RFC 5280 section 5), with every certificate it revoked. */
	private static byte[] crl(IssuedCertificate ca) throws IOException {
		try {
			JcaX509v2CRLBuilder crl = new JcaX509v2CRLBuilder(ca.certificate().getSubjectX500Principal(), new Date());
			crl.setNextUpdate(Date.from(Instant.now().plus(Duration.ofHours(1))));
			List<BigInteger> serials = new ArrayList<>(REVOKED.keySet());
			for (BigInteger serial : serials) {
				crl.addCRLEntry(serial, Date.from(Instant.now().minus(Duration.ofHours(1))), REVOKED.get(serial));
			}
			return crl.build(signer(ca)).getEncoded();
		}
		catch (Exception ex) {
			throw new IOException(ex);
		}
	}

	private static ContentSigner signer(IssuedCertificate ca) throws Exception {
		return new JcaContentSignerBuilder("SHA256withRSA").build(ca.privateKey());
	}

}
