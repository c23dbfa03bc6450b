package dev.mtlsauthz.authserver.clients;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.revocation.CertificateRevocation;
import dev.mtlsauthz.certs.Pem;

/**
 * Decides whether a presented certificate authenticates a client (RFC 8705 section 2),
 * since the mTLS connector accepts any certificate at the TLS layer:
 * <ul>
 * <li>{@code tls_client_auth} (section 2.1): a PKIX path from the certificate to one of
 * the configured trust anchors, valid now (a leaf-only chain works when its issuer is an
 * anchor), none of whose certificates is revoked when the anchor's revocation mode asks
 * ({@link CertificateRevocation}), a leaf whose key usages allow client authentication,
 * and the registered subject on the leaf;</li>
 * <li>{@code self_signed_tls_client_auth} (section 2.2): the certificate is one the
 * client registered in its {@code jwks} or {@code jwks_uri}; no chain is built.</li>
 * </ul>
 * It replaces the default verifier of Spring Authorization Server's
 * {@code X509ClientCertificateAuthenticationProvider}, which trusts the TLS layer to have
 * validated the chain and compares the subject DN as a string, and its
 * {@code X509SelfSignedCertificateVerifier}, which knows no inline {@code jwks}.
 */
public class ClientCertificateVerifier implements Consumer<OAuth2ClientAuthenticationContext> {

	/** id-kp-clientAuth (RFC 5280 section 4.2.1.12). */
	private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

	/** anyExtendedKeyUsage (RFC 5280 section 4.2.1.12). */
	private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

	private final Set<TrustAnchor> trustAnchors;

	private final ClientJwkSets jwkSets;

	private final CertificateRevocation revocation;

	public ClientCertificateVerifier(AuthServerProperties properties, ClientJwkSets jwkSets,
			CertificateRevocation revocation) {
		this.trustAnchors = loadTrustAnchors(properties.mtls().trustAnchors());
		this.jwkSets = jwkSets;
		this.revocation = revocation;
	}

	@Override
	public void accept(OAuth2ClientAuthenticationContext context) {
		OAuth2ClientAuthenticationToken authentication = context.getAuthentication();
		X509Certificate[] chain = (X509Certificate[]) authentication.getCredentials();
		RegisteredClient client = context.getRegisteredClient();
		if (ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH
			.equals(authentication.getClientAuthenticationMethod())) {
			if (!jwkSets.holds(client, chain[0])) {
				throw ClientAuthenticationErrors.invalidClient(
						"The client certificate is not among the certificates registered in the client's jwks or jwks_uri");
			}
			return;
		}
		validatePath(chain);
		requireClientAuthenticationUse(chain[0]);
		TlsClientAuthSubject subject = TlsClientAuthSubject.fromSettings(client.getClientSettings())
			.orElseThrow(() -> ClientAuthenticationErrors
				.invalidClient("The client has no registered tls_client_auth subject"));
		if (!subject.matches(chain[0])) {
			throw ClientAuthenticationErrors.invalidClient(
					"The client certificate does not match the registered " + subject.field().metadataName());
		}
	}

	private void validatePath(X509Certificate[] chain) {
		if (trustAnchors.isEmpty()) {
			throw ClientAuthenticationErrors.invalidClient("No trust anchors are configured for tls_client_auth");
		}
		try {
			List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
			// A client may send the anchor itself at the end of its chain; PKIX wants the
			// path without it.
			while (path.size() > 1 && isAnchor(path.get(path.size() - 1))) {
				path.remove(path.size() - 1);
			}
			PKIXParameters parameters = new PKIXParameters(trustAnchors);
			// Revocation is checked below, by the mode of the anchor the path ends at.
			parameters.setRevocationEnabled(false);
			parameters.setDate(new Date());
			PKIXCertPathValidatorResult result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX")
				.validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
			revocation.refusal(path, result.getTrustAnchor().getTrustedCert()).ifPresent(refusal -> {
				throw ClientAuthenticationErrors.invalidClient(refusal);
			});
		}
		catch (CertPathValidatorException ex) {
			throw ClientAuthenticationErrors.invalidClient("The client certificate is not trusted: " + reason(ex));
		}
		catch (GeneralSecurityException ex) {
			throw ClientAuthenticationErrors.invalidClient("The client certificate chain cannot be validated");
		}
	}

	/**
	 * A CA-issued certificate says what its key is for (RFC 5280 sections 4.2.1.3 and
	 * 4.2.1.12): one issued for a TLS server, or for signing documents, does not
	 * authenticate a client even with the right subject. An extendedKeyUsage, when
	 * present, must include id-kp-clientAuth (or anyExtendedKeyUsage); a keyUsage, when
	 * present, must allow digitalSignature, which the client's TLS handshake signature
	 * uses. Both absent means unrestricted.
	 */
	private static void requireClientAuthenticationUse(X509Certificate leaf) {
		List<String> extendedKeyUsage;
		try {
			extendedKeyUsage = leaf.getExtendedKeyUsage();
		}
		catch (CertificateParsingException ex) {
			throw ClientAuthenticationErrors
				.invalidClient("The client certificate's extendedKeyUsage extension cannot be read");
		}
		if (extendedKeyUsage != null && !extendedKeyUsage.contains(CLIENT_AUTH)
				&& !extendedKeyUsage.contains(ANY_EXTENDED_KEY_USAGE)) {
			throw ClientAuthenticationErrors.invalidClient("The client certificate is not issued for client "
					+ "authentication: its extendedKeyUsage does not include clientAuth (1.3.6.1.5.5.7.3.2)");
		}
		boolean[] keyUsage = leaf.getKeyUsage();
		if (keyUsage != null && !keyUsage[0]) {
			throw ClientAuthenticationErrors.invalidClient("The client certificate's keyUsage does not allow "
					+ "digitalSignature, which TLS client authentication needs");
		}
	}

	private boolean isAnchor(X509Certificate certificate) {
		return trustAnchors.stream().anyMatch(anchor -> certificate.equals(anchor.getTrustedCert()));
	}

	private static String reason(CertPathValidatorException ex) {
		if (ex.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
			return "it has expired";
		}
		if (ex.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
			return "it is not yet valid";
		}
		return "no path to a configured trust anchor";
	}

	private static Set<TrustAnchor> loadTrustAnchors(List<Resource> resources) {
		Set<TrustAnchor> anchors = new HashSet<>();
		for (Resource resource : resources) {
			try {
				Pem.parseCertificates(resource.getContentAsString(java.nio.charset.StandardCharsets.US_ASCII))
					.forEach(certificate -> anchors.add(new TrustAnchor(certificate, null)));
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException("Cannot read trust anchor " + resource, ex);
			}
		}
		return anchors;
	}

}
