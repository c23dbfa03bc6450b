package dev.mtlsauthz.bench.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Counts full TLS handshakes in which the server asked for the client's certificate. JSSE
 * asks the key manager for an alias only on a CertificateRequest, which a server sends in
 * a full handshake and never in a resumed one (RFC 8446 section 4.3.2), so the count
 * proves how many connections really were new and really carried the certificate.
 */
public final class HandshakeCounter {

	private final LongAdder handshakes = new LongAdder();

	public long count() {
		return handshakes.sum();
	}

	X509ExtendedKeyManager counting(X509ExtendedKeyManager delegate) {
		return new X509ExtendedKeyManager() {

			@Override
			public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
				handshakes.increment();
				return delegate.chooseClientAlias(keyType, issuers, socket);
			}

			@Override
			public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
				handshakes.increment();
				return delegate.chooseEngineClientAlias(keyType, issuers, engine);
			}

			@Override
			public String[] getClientAliases(String keyType, Principal[] issuers) {
				return delegate.getClientAliases(keyType, issuers);
			}

			@Override
			public String[] getServerAliases(String keyType, Principal[] issuers) {
				return delegate.getServerAliases(keyType, issuers);
			}

			@Override
			public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
				return delegate.chooseServerAlias(keyType, issuers, socket);
			}

			@Override
			public X509Certificate[] getCertificateChain(String alias) {
				return delegate.getCertificateChain(alias);
			}

			@Override
			public PrivateKey getPrivateKey(String alias) {
				return delegate.getPrivateKey(alias);
			}
		};
	}

}
