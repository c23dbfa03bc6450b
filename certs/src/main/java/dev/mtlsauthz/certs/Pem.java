package dev.mtlsauthz.certs;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads and writes certificates and private keys as PEM: certificates as
 * {@code CERTIFICATE} blocks, keys as unencrypted PKCS#8 {@code PRIVATE KEY} blocks, the
 * forms that curl, openssl, nginx and Spring Boot's PEM SSL bundles all read.
 */
public final class Pem {

	private Pem() {
	}

	public static String encode(X509Certificate... certificates) {
		StringWriter out = new StringWriter();
		try (PemWriter writer = new PemWriter(out)) {
			for (X509Certificate certificate : certificates) {
				writer.writeObject(new PemObject("CERTIFICATE", certificate.getEncoded()));
			}
		}
		catch (IOException | java.security.cert.CertificateEncodingException ex) {
			throw new IllegalStateException("Cannot encode a certificate as PEM", ex);
		}
		return out.toString();
	}

	public static String encode(PrivateKey key) {
		StringWriter out = new StringWriter();
		try (PemWriter writer = new PemWriter(out)) {
			writer.writeObject(new JcaPKCS8Generator(key, null).generate());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot encode a private key as PEM", ex);
		}
		return out.toString();
	}

	public static List<X509Certificate> parseCertificates(String pem) {
		List<X509Certificate> certificates = new ArrayList<>();
		try (PEMParser parser = new PEMParser(new StringReader(pem))) {
			Object object;
			while ((object = parser.readObject()) != null) {
				if (object instanceof X509CertificateHolder holder) {
					certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
				}
			}
		}
		catch (IOException | CertificateException ex) {
			throw new IllegalArgumentException("Not a valid PEM certificate: " + ex.getMessage(), ex);
		}
		return certificates;
	}

	public static PrivateKey parsePrivateKey(String pem) {
		try (PEMParser parser = new PEMParser(new StringReader(pem))) {
			return toPrivateKey(parser);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Not a valid PEM private key: " + ex.getMessage(), ex);
		}
	}

	public static List<X509Certificate> readCertificates(Path file) {
		return parseCertificates(read(file));
	}

	public static PrivateKey readPrivateKey(Path file) {
		return parsePrivateKey(read(file));
	}

	/** Reads a certificate file (leaf first, then its issuers) and its key file. */
	public static IssuedCertificate readIssuedCertificate(Path certificateFile, Path keyFile) {
		List<X509Certificate> chain = readCertificates(certificateFile);
		if (chain.isEmpty()) {
			throw new IllegalArgumentException(certificateFile + " holds no certificate");
		}
		return new IssuedCertificate(chain.get(0), readPrivateKey(keyFile), chain.subList(1, chain.size()));
	}

	private static PrivateKey toPrivateKey(PEMParser parser) throws IOException {
		JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
		Object object;
		while ((object = parser.readObject()) != null) {
			if (object instanceof PrivateKeyInfo info) {
				return converter.getPrivateKey(info);
			}
			if (object instanceof PEMKeyPair pair) {
				return converter.getKeyPair(pair).getPrivate();
			}
		}
		throw new IllegalArgumentException("No private key found in PEM input");
	}

	private static String read(Path file) {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
			StringWriter out = new StringWriter();
			reader.transferTo(out);
			return out.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
	}

}
