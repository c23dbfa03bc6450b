package dev.mtlsauthz.bench.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection over TLS (RFC 9112), blocking, for one virtual client: a
 * request is written, the response read up to its {@code Content-Length} or last chunk,
 * and the connection is then ready for the next request unless either side asked to close
 * it.
 */
final class Http1Connection implements AutoCloseable {

	private static final int TIMEOUT_MILLIS = 30_000;

	private final SSLSocket socket;

	private final InputStream in;

	private final OutputStream out;

	private final String host;

	private final int port;

	private boolean open = true;

	private Http1Connection(SSLSocket socket, String host, int port) throws IOException {
		this.socket = socket;
		this.host = host;
		this.port = port;
		this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
		this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
	}

	/**
	 * Connects and completes the TLS handshake, presenting the context's client
	 * certificate when asked.
	 */
	static Http1Connection open(SSLContext context, URI uri) throws IOException {
		int port = uri.getPort() == -1 ? 443 : uri.getPort();
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(uri.getHost(), port);
		try {
			socket.setSoTimeout(TIMEOUT_MILLIS);
			socket.setTcpNoDelay(true);
			socket.startHandshake();
			return new Http1Connection(socket, uri.getHost(), port);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	boolean connectsTo(URI uri) {
		return open && host.equals(uri.getHost()) && port == (uri.getPort() == -1 ? 443 : uri.getPort());
	}

	/**
	 * Sends the request and reads the whole response; with {@code close}, asks the server
	 * to close afterwards.
	 */
	Response exchange(Request request, boolean close) throws IOException {
		byte[] body = request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8);
		out.write(head(request, body, close).getBytes(StandardCharsets.ISO_8859_1));
		if (body != null) {
			out.write(body);
		}
		out.flush();
		String statusLine = line();
		if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
			throw new IOException("Not an HTTP/1.1 response: " + statusLine);
		}
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long contentLength = -1;
		boolean chunked = false;
		for (String header = line(); !header.isEmpty(); header = line()) {
			String lower = header.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				contentLength = Long.parseLong(lower.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
			else if (lower.startsWith("connection:") && lower.contains("close")) {
				open = false;
			}
		}
		byte[] content;
		if (chunked) {
			content = chunks();
		}
		else if (contentLength >= 0) {
			content = in.readNBytes((int) contentLength);
		}
		else {
			content = in.readAllBytes();
			open = false;
		}
		if (close) {
			open = false;
		}
		return new Response(status, new String(content, StandardCharsets.UTF_8));
	}

	boolean reusable() {
		return open;
	}

	SSLSocket socket() {
		return socket;
	}

	@Override
	public void close() throws IOException {
		open = false;
		socket.close();
	}

	private String head(Request request, byte[] body, boolean close) {
		StringBuilder head = new StringBuilder(256);
		String query = request.uri().getRawQuery();
		head.append(request.method())
			.append(' ')
			.append(request.uri().getRawPath())
			.append(query == null ? "" : "?" + query)
			.append(" HTTP/1.1\r\n");
		head.append("Host: ").append(host).append(':').append(port).append("\r\n");
		if (close) {
			head.append("Connection: close\r\n");
		}
		request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		if (body != null) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		return head.append("\r\n").toString();
	}

	private byte[] chunks() throws IOException {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		while (true) {
			int size = Integer.parseInt(line().split(";", 2)[0].trim(), 16);
			if (size == 0) {
				for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
					// trailers carry nothing the benchmark needs
				}
				return content.toByteArray();
			}
			content.write(in.readNBytes(size));
			line();
		}
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder(64);
		int b;
		while ((b = in.read()) != '\n') {
			if (b == -1) {
				open = false;
				throw new EOFException("The server closed the connection");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

}
