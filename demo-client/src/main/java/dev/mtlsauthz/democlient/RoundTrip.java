package dev.mtlsauthz.democlient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.KeyAlgorithm;
import dev.mtlsauthz.certs.Pem;
import dev.mtlsauthz.discovery.AuthorizationServerMetadata;
import dev.mtlsauthz.mtls.X5tS256;

/**
 * The whole demo: discovery (step 1), an ephemeral certificate (2), the bound-token round
 * trip (3 to 5) with {@code client_secret_basic}, the same again with
 * {@code tls_client_auth} and with an opaque-token client (6), and a DPoP round trip (7).
 */
public final class RoundTrip {

	/** RFC 5280 section 4.2.1.12. */
	private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	private static final String[] KEY_USAGES = { "digitalSignature", "nonRepudiation", "keyEncipherment",
			"dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly" };

	private final DemoOptions options;

	private final Report report;

	private final Steps steps;

	/** The CA certificates of {@link DemoOptions#trustStore()}, read in step 1. */
	private List<X509Certificate> trustAnchors;

	public RoundTrip(DemoOptions options, Report report) {
		this.options = options;
		this.report = report;
		this.steps = new Steps(report);
	}

	public RoundTripResult run() {
		report.start(options);
		try {
			AuthorizationServerMetadata metadata = steps.run("1", "Discovery", this::discover);
			IssuedCertificate ephemeral = steps.run("2", "Ephemeral client certificate", this::createCertificate);
			BoundTokenFlow flow = new BoundTokenFlow(options, metadata, trustAnchors, steps);
			report.group("3-5", title(options.secretClient(), "ephemeral certificate", "JWT"));
			flow.run("", options.secretClient(), ephemeral, BoundTokenFlow.TokenFormat.JWT);
			runWithPkiClient(flow);
			report.group("6b", title(options.opaqueClient(), "ephemeral certificate of step 2", "opaque token"));
			flow.run("6b.", options.opaqueClient(), ephemeral, BoundTokenFlow.TokenFormat.OPAQUE);
			report.group("7", String.join(ConsoleReport.SEPARATOR, "DPoP (RFC 9449)", options.secretClient().clientId(),
					"P-256 key, no certificate", "JWT"));
			new DpopFlow(options, metadata, trustAnchors, steps).run();
		}
		catch (StepFailure ex) {
			// Recorded by Steps; what follows needs the step that failed.
		}
		RoundTripResult result = new RoundTripResult(steps.results());
		report.finish(result);
		return result;
	}

	private void runWithPkiClient(BoundTokenFlow flow) {
		TlsClientAuth client = new TlsClientAuth(options.pkiClientId());
		report.group("6a", title(client, "certificate issued by the CA", "JWT"));
		try {
			IssuedCertificate pki = steps.run("6a.2", "Certificate issued by the CA", this::readPkiCertificate);
			flow.run("6a.", client, pki, BoundTokenFlow.TokenFormat.JWT);
		}
		catch (StepFailure ex) {
			// Recorded; the opaque-token client does not need the PKI client's files.
		}
	}

	private Outcome<AuthorizationServerMetadata> discover() throws Exception {
		if (!Files.isRegularFile(options.trustStore())) {
			throw new StepFailure("no trust store at " + options.trustStore()
					+ " (java -jar certs/target/certs.jar generates the development CA)");
		}
		trustAnchors = TlsClient.trustAnchors(options.trustStore());
		AuthorizationServerMetadata metadata;
		try {
			metadata = AuthorizationServerMetadata.discover(options.issuer(), this::retrieve);
		}
		catch (IOException ex) {
			throw new StepFailure(ex.getMessage());
		}
		if (!metadata.mtlsEndpointAliases().containsKey(BoundTokenFlow.TOKEN_ENDPOINT)) {
			throw new StepFailure("the metadata has no mtls_endpoint_aliases.token_endpoint (RFC 8705 section 5)")
				.detail("mtls_endpoint_aliases", metadata.mtlsEndpointAliases());
		}
		Object bound = metadata.claim(AuthorizationServerMetadata.TLS_CLIENT_CERTIFICATE_BOUND_ACCESS_TOKENS);
		if (!Boolean.TRUE.equals(bound)) {
			throw new StepFailure("tls_client_certificate_bound_access_tokens is " + bound + ", expected true");
		}
		Outcome<AuthorizationServerMetadata> outcome = Outcome.of(metadata,
				"mtls_endpoint_aliases of " + metadata.location());
		metadata.mtlsEndpointAliases().forEach(outcome::detail);
		return outcome;
	}

	/** A metadata document, fetched without a client certificate. */
	private Map<String, Object> retrieve(URI location) throws IOException, InterruptedException {
		JsonResponse response = JsonResponse.of(TlsClient.withoutCertificate(trustAnchors).get(location, Map.of()));
		if (response.status() != 200 || response.json().isEmpty()) {
			throw new IOException("GET " + location + " answered " + response.describeError());
		}
		return response.json();
	}

	/**
	 * The certificate a native client makes for itself, as in the seed documents' .NET
	 * client: RSA 2048, valid for a short time, key usage digitalSignature and extended
	 * key usage clientAuth. No CA is involved; the token is bound to whatever certificate
	 * the TLS connection presented.
	 */
	private Outcome<IssuedCertificate> createCertificate() throws GeneralSecurityException {
		IssuedCertificate certificate = ephemeralCertificate("mtls-authz demo client");
		X509Certificate x509 = certificate.certificate();
		x509.checkValidity();
		List<String> keyUsage = keyUsage(x509);
		if (!keyUsage.contains("digitalSignature") || x509.getExtendedKeyUsage() == null
				|| !x509.getExtendedKeyUsage().contains(CLIENT_AUTH)) {
			throw new StepFailure("the certificate cannot authenticate a TLS client: key usage " + keyUsage
					+ ", extended key usage " + x509.getExtendedKeyUsage());
		}
		return Outcome.of(certificate, "self-signed, made just now with BouncyCastle")
			.detail("subject", x509.getSubjectX500Principal().getName())
			.detail("key", "RSA 2048")
			.detail("valid until", x509.getNotAfter().toInstant() + " (1 hour)")
			.detail("key usage", String.join(", ", keyUsage))
			.detail("extended key usage", "clientAuth")
			.detail("x5t#S256", X5tS256.of(x509).value());
	}

	static IssuedCertificate ephemeralCertificate(String commonName) {
		return CertificateBuilder.subject("CN=" + commonName)
			.keyAlgorithm(KeyAlgorithm.RSA_2048)
			.clientAuth()
			.validFor(Duration.ofHours(1))
			.selfSigned();
	}

	private Outcome<IssuedCertificate> readPkiCertificate() {
		if (!Files.isRegularFile(options.pkiCertificate()) || !Files.isRegularFile(options.pkiKey())) {
			throw new StepFailure("no certificate at " + options.pkiCertificate() + " and " + options.pkiKey()
					+ " (java -jar certs/target/certs.jar generates them)");
		}
		IssuedCertificate pki = Pem.readIssuedCertificate(options.pkiCertificate(), options.pkiKey());
		X509Certificate x509 = pki.certificate();
		if (trustAnchors.stream().noneMatch(anchor -> signedBy(x509, anchor))) {
			throw new StepFailure(options.pkiCertificate() + " is not issued by a CA in " + options.trustStore()
					+ "; the server would refuse it for tls_client_auth");
		}
		return Outcome.of(pki, "read from " + options.pkiCertificate())
			.detail("subject", x509.getSubjectX500Principal().getName())
			.detail("issuer", x509.getIssuerX500Principal().getName())
			.detail("x5t#S256", X5tS256.of(x509).value());
	}

	private static boolean signedBy(X509Certificate certificate, X509Certificate anchor) {
		try {
			certificate.verify(anchor.getPublicKey());
			return true;
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static List<String> keyUsage(X509Certificate certificate) {
		List<String> names = new ArrayList<>();
		boolean[] bits = certificate.getKeyUsage();
		for (int i = 0; bits != null && i < bits.length && i < KEY_USAGES.length; i++) {
			if (bits[i]) {
				names.add(KEY_USAGES[i]);
			}
		}
		return names;
	}

	private static String title(ClientAuthentication client, String certificate, String tokenFormat) {
		return String.join(ConsoleReport.SEPARATOR, client.method(), client.clientId(), certificate, tokenFormat);
	}

}
