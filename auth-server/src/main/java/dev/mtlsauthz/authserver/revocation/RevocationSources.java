package dev.mtlsauthz.authserver.revocation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Fetches CRLs (RFC 5280 section 4.2.1.13, usually over plain http: a CRL is signed) and
 * asks OCSP responders (RFC 6960 appendix A.1), within a time and a size. These URLs come
 * from certificates that a configured trust anchor issued, so, unlike client-registered
 * URLs, they may point into the operator's own network.
 */
class RevocationSources implements AutoCloseable {

	private final CloseableHttpClient client;

	private final int maxSize;

	RevocationSources(Duration timeout, int maxSize) {
		this.maxSize = maxSize;
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(timeout))
					.setSocketTimeout(Timeout.of(timeout))
					.build())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.build();
	}

	byte[] crl(URI url) throws IOException {
		return execute(new HttpGet(url));
	}

	byte[] ocsp(URI responder, byte[] request) throws IOException {
		HttpPost post = new HttpPost(responder);
		post.setEntity(new ByteArrayEntity(request, ContentType.create("application/ocsp-request")));
		return execute(post);
	}

	private byte[] execute(HttpUriRequestBase request) throws IOException {
		return client.execute(request, response -> {
			if (response.getCode() != 200 || response.getEntity() == null) {
				throw new IOException(request.getRequestUri() + " answered " + response.getCode());
			}
			try (InputStream in = response.getEntity().getContent()) {
				byte[] body = in.readNBytes(maxSize + 1);
				if (body.length > maxSize) {
					throw new IOException(request.getRequestUri() + " sent more than " + maxSize + " bytes");
				}
				return body;
			}
		});
	}

	@Override
	public void close() throws IOException {
		client.close();
	}

}
