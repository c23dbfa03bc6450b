package dev.mtlsauthz.bench.http;

import java.io.IOException;

import javax.net.ssl.SSLContext;

/**
 * HTTP/1.1 with keep-alive on one blocking TLS connection per virtual client, as a
 * long-lived service client keeps it. When the server closes the connection (Tomcat does
 * after 100 requests by default) the next request opens a new one; a request that finds
 * its reused connection already closed is sent once more on a new one.
 */
public final class KeepAliveTransport implements Transport {

	private final SSLContext context;

	private Http1Connection connection;

	public KeepAliveTransport(SSLContext context) {
		this.context = context;
	}

	@Override
	public synchronized Response send(Request request) throws IOException {
		boolean reused = connection != null && connection.connectsTo(request.uri());
		if (!reused) {
			reconnect(request);
		}
		try {
			return connection.exchange(request, false);
		}
		catch (IOException ex) {
			if (!reused) {
				throw ex;
			}
			reconnect(request);
			return connection.exchange(request, false);
		}
	}

	private void reconnect(Request request) throws IOException {
		if (connection != null) {
			connection.close();
		}
		connection = Http1Connection.open(context, request.uri());
	}

}
