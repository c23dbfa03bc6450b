package dev.mtlsauthz.certs;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds X.509 v3 certificates: a development CA, TLS server certificates, client
 * certificates issued by a CA, and the ephemeral self-signed certificates that RFC 8705
 * section 3 lets any client bind its tokens to.
 *
 * <pre>{@code
 * IssuedCertificate ephemeral = CertificateBuilder.subject("CN=native-app").clientAuth()
 *         .validFor(Duration.ofDays(1)).selfSigned();
 * }</pre>
 */
public final class CertificateBuilder {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final X500Principal subject;

	private KeyAlgorithm keyAlgorithm = KeyAlgorithm.RSA_2048;

	private KeyPair keyPair;

	private Instant notBefore = Instant.now().minus(Duration.ofMinutes(5));

	private Instant notAfter = notBefore.plus(Duration.ofDays(1));

	private boolean certificateAuthority;

	private final List<KeyPurposeId> extendedKeyUsages = new ArrayList<>();

	private final List<GeneralName> subjectAlternativeNames = new ArrayList<>();

	private Integer keyUsage;

	private String crlDistributionPoint;

	private String ocspResponder;

	private CertificateBuilder(String subjectDn) {
		this.subject = new X500Principal(subjectDn);
	}

	public static CertificateBuilder subject(String subjectDn) {
		return new CertificateBuilder(subjectDn);
	}

	public CertificateBuilder keyAlgorithm(KeyAlgorithm keyAlgorithm) {
		this.keyAlgorithm = keyAlgorithm;
		return this;
	}

	/**
	 * Certify an existing key pair instead of generating a new one (a client rotating
	 * only its certificate).
	 */
	public CertificateBuilder keyPair(KeyPair keyPair) {
		this.keyPair = keyPair;
		return this;
	}

	public CertificateBuilder validFor(Duration validity) {
		return validity(Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plus(validity));
	}

	public CertificateBuilder validity(Instant notBefore, Instant notAfter) {
		this.notBefore = notBefore;
		this.notAfter = notAfter;
		return this;
	}

	public CertificateBuilder certificateAuthority() {
		this.certificateAuthority = true;
		return this;
	}

	public CertificateBuilder clientAuth() {
		extendedKeyUsages.add(KeyPurposeId.id_kp_clientAuth);
		return this;
	}

	public CertificateBuilder serverAuth() {
		extendedKeyUsages.add(KeyPurposeId.id_kp_serverAuth);
		return this;
	}

	public CertificateBuilder ocspSigning() {
		extendedKeyUsages.add(KeyPurposeId.id_kp_OCSPSigning);
		return this;
	}

	/**
	 * The keyUsage bits ({@link KeyUsage#digitalSignature} and the others), instead of
	 * those chosen for the certificate's kind.
	 */
	public CertificateBuilder keyUsage(int keyUsage) {
		this.keyUsage = keyUsage;
		return this;
	}

	/**
	 * Where the issuer publishes its CRL (RFC 5280 section 4.2.1.13), for revocation
	 * checking.
	 */
	public CertificateBuilder crlDistributionPoint(String uri) {
		this.crlDistributionPoint = uri;
		return this;
	}

	/**
	 * The OCSP responder of the issuer (RFC 5280 section 4.2.2.1, authorityInfoAccess),
	 * for revocation checking.
	 */
	public CertificateBuilder ocspResponder(String uri) {
		this.ocspResponder = uri;
		return this;
	}

	public CertificateBuilder dnsNames(String... names) {
		for (String name : names) {
			subjectAlternativeNames.add(new GeneralName(GeneralName.dNSName, name));
		}
		return this;
	}

	public CertificateBuilder ipAddresses(String... addresses) {
		for (String address : addresses) {
			subjectAlternativeNames.add(new GeneralName(GeneralName.iPAddress, address));
		}
		return this;
	}

	public CertificateBuilder uris(String... uris) {
		for (String uri : uris) {
			subjectAlternativeNames.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
		}
		return this;
	}

	public CertificateBuilder emails(String... emails) {
		for (String email : emails) {
			subjectAlternativeNames.add(new GeneralName(GeneralName.rfc822Name, email));
		}
		return this;
	}

	public IssuedCertificate selfSigned() {
		KeyPair pair = keyPair();
		X509Certificate certificate = build(subject, pair.getPublic(), pair.getPrivate(), pair.getPublic());
		return new IssuedCertificate(certificate, pair.getPrivate(), List.of());
	}

	public IssuedCertificate issuedBy(IssuedCertificate issuer) {
		KeyPair pair = keyPair();
		X509Certificate certificate = build(issuer.certificate().getSubjectX500Principal(), pair.getPublic(),
				issuer.privateKey(), issuer.certificate().getPublicKey());
		List<X509Certificate> issuers = new ArrayList<>();
		issuers.add(issuer.certificate());
		issuers.addAll(issuer.issuers());
		return new IssuedCertificate(certificate, pair.getPrivate(), issuers);
	}

	/**
	 * digitalSignature, which TLS 1.2 (EC)DHE and TLS 1.3 need; keyEncipherment as well
	 * only for RSA server keys, for TLS 1.2 RSA key exchange. An EC key never has
	 * keyEncipherment (RFC 5480 section 3).
	 */
	private int leafKeyUsage(PublicKey subjectKey) {
		boolean rsaServer = "RSA".equals(subjectKey.getAlgorithm())
				&& extendedKeyUsages.contains(KeyPurposeId.id_kp_serverAuth);
		return rsaServer ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature;
	}

	private KeyPair keyPair() {
		return keyPair != null ? keyPair : keyAlgorithm.generateKeyPair();
	}

	private X509Certificate build(X500Principal issuer, PublicKey subjectKey, PrivateKey signingKey,
			PublicKey issuerKey) {
		try {
			BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
					Date.from(notAfter), subject, subjectKey);
			JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
			builder.addExtension(Extension.subjectKeyIdentifier, false,
					extensions.createSubjectKeyIdentifier(subjectKey));
			builder.addExtension(Extension.authorityKeyIdentifier, false,
					extensions.createAuthorityKeyIdentifier(issuerKey));
			if (certificateAuthority) {
				builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
				builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage != null ? keyUsage
						: KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
			}
			else {
				builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
				builder.addExtension(Extension.keyUsage, true,
						new KeyUsage(keyUsage != null ? keyUsage : leafKeyUsage(subjectKey)));
			}
			if (crlDistributionPoint != null) {
				GeneralNames location = new GeneralNames(
						new GeneralName(GeneralName.uniformResourceIdentifier, crlDistributionPoint));
				builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
						new DistributionPoint(new DistributionPointName(location), null, null) }));
			}
			if (ocspResponder != null) {
				builder.addExtension(Extension.authorityInfoAccess, false,
						new AuthorityInformationAccess(X509ObjectIdentifiers.ocspAccessMethod,
								new GeneralName(GeneralName.uniformResourceIdentifier, ocspResponder)));
			}
			if (!extendedKeyUsages.isEmpty()) {
				builder.addExtension(Extension.extendedKeyUsage, false,
						new ExtendedKeyUsage(extendedKeyUsages.toArray(KeyPurposeId[]::new)));
			}
			if (!subjectAlternativeNames.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, false,
						new GeneralNames(subjectAlternativeNames.toArray(GeneralName[]::new)));
			}
			var signer = new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithmFor(signingKey)).build(signingKey);
			return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
		}
		catch (CertIOException | OperatorCreationException | CertificateException
				| java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Cannot build a certificate for " + subject, ex);
		}
	}

}
