package dev.mtlsauthz.bench.ceiling;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import dev.mtlsauthz.certs.CertificateBuilder;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.certs.KeyAlgorithm;

/**
 * What one TLS 1.3 handshake costs the server, with the JDK's TLS (JSSE, which Tomcat
 * uses by default), measured in this process over the loopback: the CPU time of the
 * server's thread per connection, for an RSA 2048 and an ECDSA P-256 server certificate,
 * each with a full handshake (the client presents its RSA certificate, which the server
 * verifies against its trust store, as scenario b) and with a resumed one (the client
 * returns with the session ticket of its previous connection; TLS 1.3 still does an ECDHE
 * key exchange, but no certificate is signed, sent or verified). One byte is read and
 * written per connection. The server thread's CPU time does not depend on what else runs
 * on the machine the way connections per second do.
 */
public final class HandshakeCost {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final char[] PASSWORD = "bench".toCharArray();

	private final Duration warmUp;

	private final Duration duration;

	public HandshakeCost(Duration warmUp, Duration duration) {
		this.warmUp = warmUp;
		this.duration = duration;
	}

	/** Each server key, full and resumed. */
	public List<Result> measure() throws Exception {
		IssuedCertificate client = CertificateBuilder.subject("CN=bench client")
			.clientAuth()
			.validFor(Duration.ofHours(1))
			.selfSigned();
		List<Result> results = new ArrayList<>();
		// Twice over, keeping the second pass: the JIT compiles the handshake's code
		// during
		// the first, which would otherwise count against whichever key comes first.
		for (int pass = 0; pass < 2; pass++) {
			results.clear();
			for (KeyAlgorithm key : KeyAlgorithm.values()) {
				IssuedCertificate server = CertificateBuilder.subject("CN=localhost")
					.keyAlgorithm(key)
					.serverAuth()
					.dnsNames("localhost")
					.validFor(Duration.ofHours(1))
					.selfSigned();
				for (boolean resumed : new boolean[] { false, true }) {
					results.add(new Result(key, resumed, measure(server, client, resumed)));
				}
			}
		}
		return results;
	}

	private double measure(IssuedCertificate server, IssuedCertificate client, boolean resumed) throws Exception {
		SSLContext serverContext = context(server, client);
		try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
			.createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			listener.setEnabledProtocols(new String[] { "TLSv1.3" });
			listener.setWantClientAuth(true);
			ExecutorService threads = Executors.newFixedThreadPool(2);
			try {
				long until = System.nanoTime() + warmUp.toNanos() + duration.toNanos();
				Future<double[]> serving = threads.submit(() -> serve(listener, until));
				Future<?> connecting = threads
					.submit(() -> connect(context(client, server), listener.getLocalPort(), resumed, until));
				connecting.get();
				listener.close();
				double[] cpuAndConnections = serving.get();
				return cpuAndConnections[0] / cpuAndConnections[1];
			}
			finally {
				threads.shutdownNow();
				threads.awaitTermination(1, TimeUnit.MINUTES);
			}
		}
	}

	/** Microseconds of CPU and the connections served after the warm-up. */
	private double[] serve(SSLServerSocket listener, long until) {
		long measureFrom = until - duration.toNanos();
		long cpuFrom = -1;
		long connections = 0;
		while (true) {
			try (SSLSocket socket = (SSLSocket) listener.accept()) {
				InputStream in = socket.getInputStream();
				OutputStream out = socket.getOutputStream();
				out.write(in.read());
				out.flush();
			}
			catch (IOException ex) {
				if (listener.isClosed()) {
					return new double[] { (THREADS.getCurrentThreadCpuTime() - cpuFrom) / 1e3, connections };
				}
				throw new IllegalStateException("A handshake failed: " + ex.getMessage(), ex);
			}
			if (System.nanoTime() >= measureFrom) {
				if (cpuFrom < 0) {
					cpuFrom = THREADS.getCurrentThreadCpuTime();
				}
				else {
					connections++;
				}
			}
		}
	}

	private static Void connect(SSLContext context, int port, boolean resumed, long until) throws IOException {
		while (System.nanoTime() < until) {
			try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port)) {
				socket.setEnabledProtocols(new String[] { "TLSv1.3" });
				socket.getOutputStream().write(1);
				socket.getOutputStream().flush();
				if (socket.getInputStream().read() != 1) {
					throw new IOException("The server did not echo");
				}
				if (!resumed) {
					socket.getSession().invalidate();
				}
			}
		}
		return null;
	}

	/** Presents {@code own}, trusts {@code peer}'s certificate. */
	private static SSLContext context(IssuedCertificate own, IssuedCertificate peer)
			throws GeneralSecurityException, IOException {
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(own.toKeyStore("own", PASSWORD), PASSWORD);
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("peer", peer.certificate());
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLSv1.3");
		context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
		return context;
	}

	/**
	 * One server key and kind of handshake.
	 *
	 * @param serverKey the server certificate's key
	 * @param resumed whether the client resumed its previous session
	 * @param cpuMicrosPerConnection the server thread's CPU time per connection
	 */
	public record Result(KeyAlgorithm serverKey, boolean resumed, double cpuMicrosPerConnection) {

	}

}
