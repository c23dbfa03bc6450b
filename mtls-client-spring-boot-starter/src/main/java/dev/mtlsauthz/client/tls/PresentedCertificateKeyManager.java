package dev.mtlsauthz.client.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.mtlsauthz.certs.IssuedCertificate;

/**
 * Presents one certificate whenever a server asks for one, whatever certificate
 * authorities the server's {@code CertificateRequest} names. JSSE's default key manager
 * would send no certificate at all when an ephemeral self-signed certificate is not
 * issued by a listed authority, and RFC 8705 section 3 binding needs exactly that
 * certificate on the wire.
 */
public final class PresentedCertificateKeyManager extends X509ExtendedKeyManager {

	private static final String ALIAS = "client";

	private final IssuedCertificate identity;

	public PresentedCertificateKeyManager(IssuedCertificate identity) {
		this.identity = identity;
	}

	@Override
	public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
		return choose(keyTypes);
	}

	@Override
	public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
		return choose(keyTypes);
	}

	/**
	 * JSSE asks once per signature scheme's key type; answering only for ours lets it
	 * pick a matching scheme.
	 */
	private String choose(String[] keyTypes) {
		return keyTypes == null || Arrays.asList(keyTypes).contains(identity.privateKey().getAlgorithm()) ? ALIAS
				: null;
	}

	@Override
	public String[] getClientAliases(String keyType, Principal[] issuers) {
		return new String[] { ALIAS };
	}

	@Override
	public X509Certificate[] getCertificateChain(String alias) {
		return ALIAS.equals(alias) ? identity.chain() : null;
	}

	@Override
	public PrivateKey getPrivateKey(String alias) {
		return ALIAS.equals(alias) ? identity.privateKey() : null;
	}

	@Override
	public String[] getServerAliases(String keyType, Principal[] issuers) {
		return null;
	}

	@Override
	public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
		return null;
	}

}
