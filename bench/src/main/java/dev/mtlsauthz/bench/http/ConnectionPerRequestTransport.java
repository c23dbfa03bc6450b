package dev.mtlsauthz.bench.http;

import java.io.IOException;

import javax.net.ssl.SSLContext;

/**
 * A new TCP connection and a full TLS handshake for every request, the way Keycloak's
 * sizing guide measures token issuance: HTTP/1.1 with {@code Connection: close} over a
 * fresh socket. After each exchange the TLS session is invalidated, which removes it from
 * the client's session cache, so the next handshake cannot resume it (no PSK, RFC 8446
 * section 2.2) and the server asks for the certificate again; {@code HandshakeCounter}
 * confirms one certificate presentation per request.
 */
public final class ConnectionPerRequestTransport implements Transport {

	private final SSLContext context;

	public ConnectionPerRequestTransport(SSLContext context) {
		this.context = context;
	}

	@Override
	public Response send(Request request) throws IOException {
		try (Http1Connection connection = Http1Connection.open(context, request.uri())) {
			Response response = connection.exchange(request, true);
			connection.socket().getSession().invalidate();
			return response;
		}
	}

}
