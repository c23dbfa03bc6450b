package dev.mtlsauthz.authserver.revocation;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.Resource;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.AuthServerProperties.RevocationMode;
import dev.mtlsauthz.certs.Pem;

/**
 * Whether any certificate of a validated {@code tls_client_auth} path has been revoked
 * (RFC 5280 section 6.3, RFC 6960), by the mode configured for the path's trust anchor
 * ({@code authserver.mtls.revocation}): each certificate is checked with the OCSP
 * responder its authorityInfoAccess names and, when that gives no answer, with the CRL at
 * its distribution point.
 * <ul>
 * <li>{@code off}: no check;</li>
 * <li>{@code soft-fail}: a certificate known to be revoked is refused; one whose status
 * cannot be learnt (no responder or CRL named, none reachable, an answer that is not
 * signed by the issuer or not current) is accepted, and a warning logged;</li>
 * <li>{@code hard-fail}: only a certificate known not to be revoked is accepted.</li>
 * </ul>
 * OCSP responses (per certificate) and CRLs (per URL) are kept in this instance's memory
 * for {@code cache-time-to-live}, never beyond their own nextUpdate; a failed fetch is
 * remembered for at most 30 seconds so that an unreachable responder does not slow every
 * request. The cache is safe to lose: another instance, or this one after a restart,
 * fetches again.
 */
public class CertificateRevocation {

	private static final Logger log = LoggerFactory.getLogger(CertificateRevocation.class);

	private static final int MAX_CACHED = 10_000;

	private final RevocationMode defaultMode;

	private final Map<X509Certificate, RevocationMode> anchorModes;

	private final Duration cacheTimeToLive;

	private final RevocationSources sources;

	private final Clock clock;

	private final Map<String, RevocationStatus> ocspAnswers = new ConcurrentHashMap<>();

	private final Map<URI, FetchedCrl> crls = new ConcurrentHashMap<>();

	public CertificateRevocation(AuthServerProperties.Revocation properties, Clock clock) {
		this.defaultMode = properties.mode();
		this.anchorModes = anchorModes(properties.anchors());
		this.cacheTimeToLive = properties.cacheTimeToLive();
		this.sources = new RevocationSources(properties.timeout(), properties.maxResponseSize());
		this.clock = clock;
	}

	/**
	 * Why the path must be refused, if it must.
	 * @param path the validated path, leaf first, without the anchor
	 * @param anchor the trust anchor the path ends at
	 */
	public Optional<String> refusal(List<X509Certificate> path, X509Certificate anchor) {
		RevocationMode mode = anchorModes.getOrDefault(anchor, defaultMode);
		if (mode == RevocationMode.OFF) {
			return Optional.empty();
		}
		for (int i = 0; i < path.size(); i++) {
			X509Certificate certificate = path.get(i);
			X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchor;
			String which = i == 0 ? "the client certificate"
					: "the certificate " + certificate.getSubjectX500Principal().getName() + " in the client's chain";
			RevocationStatus status = status(certificate, issuer);
			if (status.state() == RevocationStatus.State.REVOKED) {
				return Optional.of(capitalised(which) + " has been revoked: " + status.detail());
			}
			if (status.state() == RevocationStatus.State.UNKNOWN) {
				if (mode == RevocationMode.HARD_FAIL) {
					return Optional.of("The revocation status of " + which + " cannot be determined (" + status.detail()
							+ "), and this trust anchor requires it");
				}
				log.warn("Accepting {} of {} without a revocation status (soft-fail): {}", which,
						path.get(0).getSubjectX500Principal().getName(), status.detail());
			}
		}
		return Optional.empty();
	}

	private RevocationStatus status(X509Certificate certificate, X509Certificate issuer) {
		List<String> tried = new ArrayList<>();
		for (URI responder : ocspResponders(certificate)) {
			RevocationStatus status = cached(ocspAnswers,
					responder + " " + certificate.getSerialNumber() + " " + issuer.getSubjectX500Principal(),
					() -> OcspQuery.ask(sources, responder, certificate, issuer, clock, cacheTimeToLive));
			if (status.state() != RevocationStatus.State.UNKNOWN) {
				return status;
			}
			tried.add(status.detail());
		}
		for (URI url : crlDistributionPoints(certificate)) {
			RevocationStatus status = crlStatus(url, certificate, issuer);
			if (status.state() != RevocationStatus.State.UNKNOWN) {
				return status;
			}
			tried.add(status.detail());
		}
		if (tried.isEmpty()) {
			return RevocationStatus.unknown("it names no OCSP responder and no CRL distribution point",
					clock.instant());
		}
		return RevocationStatus.unknown(String.join("; ", tried), clock.instant());
	}

	private RevocationStatus crlStatus(URI url, X509Certificate certificate, X509Certificate issuer) {
		Instant now = clock.instant();
		FetchedCrl fetched = crls.get(url);
		if (fetched == null || !now.isBefore(fetched.reusableUntil())) {
			fetched = fetchCrl(url, now);
			if (crls.size() >= MAX_CACHED) {
				crls.clear();
			}
			crls.put(url, fetched);
		}
		if (fetched.crl() == null) {
			return RevocationStatus.unknown(fetched.problem(), fetched.reusableUntil());
		}
		return CrlCheck.status(fetched.crl(), url, certificate, issuer, now, fetched.reusableUntil(),
				OcspQuery.failureTimeToLive(cacheTimeToLive));
	}

	private FetchedCrl fetchCrl(URI url, Instant now) {
		try {
			X509CRL crl = CrlCheck.parse(sources.crl(url));
			Instant reusableUntil = now.plus(cacheTimeToLive);
			if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(reusableUntil)) {
				reusableUntil = crl.getNextUpdate().toInstant();
			}
			return new FetchedCrl(crl, null, reusableUntil);
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			return new FetchedCrl(null, "the CRL at " + url + " could not be fetched",
					now.plus(OcspQuery.failureTimeToLive(cacheTimeToLive)));
		}
	}

	private RevocationStatus cached(Map<String, RevocationStatus> cache, String key,
			java.util.function.Supplier<RevocationStatus> ask) {
		RevocationStatus status = cache.get(key);
		if (status == null || !clock.instant().isBefore(status.reusableUntil())) {
			status = ask.get();
			if (cache.size() >= MAX_CACHED) {
				cache.clear();
			}
			cache.put(key, status);
		}
		return status;
	}

	private static List<URI> ocspResponders(X509Certificate certificate) {
		List<URI> responders = new ArrayList<>();
		ASN1Primitive value = extension(certificate, Extension.authorityInfoAccess.getId());
		if (value != null) {
			for (AccessDescription description : AuthorityInformationAccess.getInstance(value)
				.getAccessDescriptions()) {
				if (X509ObjectIdentifiers.ocspAccessMethod.equals(description.getAccessMethod())) {
					uri(description.getAccessLocation()).ifPresent(responders::add);
				}
			}
		}
		return responders;
	}

	private static List<URI> crlDistributionPoints(X509Certificate certificate) {
		List<URI> urls = new ArrayList<>();
		ASN1Primitive value = extension(certificate, Extension.cRLDistributionPoints.getId());
		if (value != null) {
			for (DistributionPoint point : CRLDistPoint.getInstance(value).getDistributionPoints()) {
				DistributionPointName name = point.getDistributionPoint();
				if (name != null && name.getType() == DistributionPointName.FULL_NAME) {
					for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
						uri(general).ifPresent(urls::add);
					}
				}
			}
		}
		return urls;
	}

	private static Optional<URI> uri(GeneralName name) {
		if (name.getTagNo() != GeneralName.uniformResourceIdentifier) {
			return Optional.empty();
		}
		try {
			URI uri = URI.create(name.getName().toString());
			return "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())
					? Optional.of(uri) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static ASN1Primitive extension(X509Certificate certificate, String oid) {
		byte[] value = certificate.getExtensionValue(oid);
		if (value == null) {
			return null;
		}
		try {
			return JcaX509ExtensionUtils.parseExtensionValue(value);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static Map<X509Certificate, RevocationMode> anchorModes(
			List<AuthServerProperties.AnchorRevocation> anchors) {
		Map<X509Certificate, RevocationMode> modes = new HashMap<>();
		for (AuthServerProperties.AnchorRevocation anchor : anchors) {
			for (X509Certificate certificate : Pem.parseCertificates(read(anchor.certificate()))) {
				modes.put(certificate, anchor.mode());
			}
		}
		return Map.copyOf(modes);
	}

	private static String read(Resource resource) {
		try {
			return resource.getContentAsString(StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read trust anchor " + resource, ex);
		}
	}

	private static String capitalised(String text) {
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/** A CRL, or why it could not be had, and until when either holds. */
	private record FetchedCrl(X509CRL crl, String problem, Instant reusableUntil) {
	}

}
