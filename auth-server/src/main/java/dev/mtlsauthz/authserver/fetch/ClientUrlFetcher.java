package dev.mtlsauthz.authserver.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches a URL that a client registered ({@code jwks_uri}) without letting the client
 * aim the server at anything it should not reach (blind SSRF):
 * <ul>
 * <li>https only, with the certificate checked against the host name;</li>
 * <li>the host name is resolved once, every address it resolves to is checked against the
 * {@link AddressPolicy}, and the connection is made to those checked addresses: the HTTP
 * client asks this class's resolver and nothing else, so a name cannot resolve to a
 * public address for the check and to a private one for the connection (DNS
 * rebinding);</li>
 * <li>redirects are not followed (a redirect to {@code https://127.0.0.1/} would undo the
 * check), nor are requests retried;</li>
 * <li>the connection must be made within {@code authserver.fetch.connect-timeout} and the
 * whole fetch, body included, done within {@code authserver.fetch.timeout}, so that a
 * server that sends one byte a second is cut off; the body may be at most
 * {@code authserver.fetch.max-size} bytes.</li>
 * </ul>
 * A {@link ResourceRetriever}, so that Nimbus's JWK sources fetch through it too.
 */
public class ClientUrlFetcher implements ResourceRetriever, AutoCloseable {

	private final AddressPolicy policy;

	private final Function<String, InetAddress[]> resolver;

	private final Duration timeout;

	private final int maxSize;

	private final CloseableHttpClient client;

	private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "client-url-fetch-deadline");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param sslContext whom the fetched servers' certificates must chain to
	 * @param resolver how host names are resolved: the system's resolver, but for tests
	 */
	public ClientUrlFetcher(AddressPolicy policy, SSLContext sslContext, Duration connectTimeout, Duration timeout,
			int maxSize, Function<String, InetAddress[]> resolver) {
		this.policy = policy;
		this.resolver = resolver;
		this.timeout = timeout;
		this.maxSize = maxSize;
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(new CheckingResolver())
				.setTlsSocketStrategy(new DefaultClientTlsStrategy(sslContext))
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(connectTimeout))
					.setSocketTimeout(Timeout.of(timeout))
					.setTimeToLive(Timeout.ofMinutes(1))
					.build())
				.setMaxConnTotal(20)
				.setMaxConnPerRoute(2)
				.build())
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.build();
	}

	/** With the system's resolver. */
	public static Function<String, InetAddress[]> systemResolver() {
		return host -> {
			try {
				return SystemDefaultDnsResolver.INSTANCE.resolve(host);
			}
			catch (UnknownHostException ex) {
				return new InetAddress[0];
			}
		};
	}

	/**
	 * The body at {@code url}.
	 * @throws IOException when the URL may not be fetched, cannot be reached, answers
	 * anything but 200, or sends too much or too slowly
	 */
	public byte[] fetch(URI url) throws IOException {
		if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
			throw new IOException("Only absolute https URLs are fetched: " + url);
		}
		HttpGet get = new HttpGet(url);
		ScheduledFuture<?> deadline = deadlines.schedule(get::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
		try {
			return client.execute(get, response -> {
				if (response.getCode() != 200) {
					throw new IOException(url + " answered " + response.getCode() + " (redirects are not followed)");
				}
				return body(response.getEntity(), url);
			});
		}
		catch (IOException ex) {
			if (get.isCancelled()) {
				throw new IOException(url + " did not answer within " + timeout.toMillis() + " ms", ex);
			}
			throw ex;
		}
		finally {
			deadline.cancel(false);
		}
	}

	@Override
	public Resource retrieveResource(URL url) throws IOException {
		try {
			return new Resource(new String(fetch(url.toURI()), StandardCharsets.UTF_8), null);
		}
		catch (URISyntaxException ex) {
			throw new IOException("Not a URI: " + url, ex);
		}
	}

	@Override
	public void close() throws IOException {
		deadlines.shutdownNow();
		client.close();
	}

	private byte[] body(HttpEntity entity, URI url) throws IOException {
		if (entity == null) {
			return new byte[0];
		}
		if (entity.getContentLength() > maxSize) {
			throw new IOException(url + " sent " + entity.getContentLength() + " bytes; at most " + maxSize);
		}
		try (InputStream in = entity.getContent()) {
			byte[] body = in.readNBytes(maxSize + 1);
			if (body.length > maxSize) {
				throw new IOException(url + " sent more than " + maxSize + " bytes");
			}
			return body;
		}
	}

	/**
	 * Resolves a name and refuses it if any of its addresses may not be fetched; the HTTP
	 * client connects only to the addresses it returns.
	 */
	private final class CheckingResolver implements DnsResolver {

		@Override
		public InetAddress[] resolve(String host) throws UnknownHostException {
			InetAddress[] addresses = resolver.apply(host);
			if (addresses.length == 0) {
				throw new UnknownHostException(host);
			}
			for (InetAddress address : addresses) {
				Optional<String> refusal = policy.refusal(address);
				if (refusal.isPresent()) {
					throw new RefusedAddressException(host, refusal.get());
				}
			}
			return addresses;
		}

		@Override
		public String resolveCanonicalHostname(String host) {
			return host;
		}

	}

}
