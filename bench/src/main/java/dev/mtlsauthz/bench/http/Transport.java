package dev.mtlsauthz.bench.http;

import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;

/** Sends requests over one virtual client's TLS connections. */
public interface Transport {

	Response send(Request request) throws IOException, InterruptedException;

	/**
	 * The JSON object at {@code location}, such as a metadata document.
	 * @throws IOException when the answer is not 200 with a JSON object, saying what it
	 * was
	 */
	default Map<String, Object> getJsonObject(URI location) throws IOException, InterruptedException {
		Response response = send(new Request("GET", location, Map.of("Accept", "application/json"), null));
		if (response.status() != 200) {
			throw new IOException("GET " + location + " answered " + response.describe());
		}
		try {
			return JSONObjectUtils.parse(response.body());
		}
		catch (ParseException ex) {
			throw new IOException("GET " + location + " answered no JSON object: " + ex.getMessage(), ex);
		}
	}

}
