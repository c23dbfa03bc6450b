package dev.mtlsauthz.bench.http;

import java.io.IOException;

/** Sends requests over one virtual client's TLS connections. */
public interface Transport {

	Response send(Request request) throws IOException, InterruptedException;

}
