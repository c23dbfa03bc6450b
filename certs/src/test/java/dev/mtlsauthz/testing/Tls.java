package dev.mtlsauthz.testing;

import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;
import org.apache.http.conn.ssl.SSLSocketFactory;

import dev.mtlsauthz.certs.IssuedCertificate;

import static io.restassured.RestAssured.given;

/**
 * Real TLS for tests: clients that trust the test CA ({@link TestPki}) and present the
 * given client certificate (or none), and servers that present a given certificate.
 */
public final class Tls {

	private static final char[] PASSWORD = "test".toCharArray();

	private Tls() {
	}

	/**
	 * A rest-assured request over a connection that presents {@code certificate}
	 * ({@code null}: none).
	 */
	public static RequestSpecification client(IssuedCertificate certificate) {
		return given().config(RestAssuredConfig.config()
			.sslConfig(SSLConfig.sslConfig().sslSocketFactory(new SSLSocketFactory(context(certificate, null)))));
	}

	public static RequestSpecification anonymous() {
		return client(null);
	}

	/**
	 * A client context that presents {@code certificate} ({@code null}: none).
	 */
	public static SSLContext context(IssuedCertificate certificate) {
		return context(certificate, null);
	}

	/**
	 * A client context that presents {@code certificate} ({@code null}: none) and sets
	 * {@code certificateRequested} when the server asks for a client certificate.
	 */
	public static SSLContext context(IssuedCertificate certificate, AtomicBoolean certificateRequested) {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			trust.setCertificateEntry("ca", TestPki.ca().certificate());
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trust);
			KeyStore keys = certificate != null ? certificate.toKeyStore("client", PASSWORD) : emptyKeyStore();
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(keys, PASSWORD);
			X509KeyManager keyManager = (X509KeyManager) keyManagers.getKeyManagers()[0];
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(new javax.net.ssl.KeyManager[] { recording(keyManager, certificateRequested) },
					trustManagers.getTrustManagers(), null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A server context that presents {@code certificate} and asks for no client
	 * certificate.
	 */
	public static SSLContext serverContext(IssuedCertificate certificate) {
		try {
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(certificate.toKeyStore("server", PASSWORD), PASSWORD);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers.getKeyManagers(), null, null);
			return context;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyStore emptyKeyStore() throws Exception {
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		return keys;
	}

	/**
	 * Notes whether the server sent a CertificateRequest, which is when JSSE asks the key
	 * manager for an alias.
	 */
	private static X509ExtendedKeyManager recording(X509KeyManager delegate, AtomicBoolean requested) {
		return new X509ExtendedKeyManager() {
			@Override
			public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
				mark();
				return delegate.chooseClientAlias(keyType, issuers, socket);
			}

			@Override
			public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
				mark();
				return delegate.chooseClientAlias(keyType, issuers, null);
			}

			private void mark() {
				if (requested != null) {
					requested.set(true);
				}
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
