package dev.mtlsauthz.bench.oauth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import dev.mtlsauthz.bench.http.Request;
import dev.mtlsauthz.bench.http.Response;
import dev.mtlsauthz.bench.http.Transport;

/**
 * The client credentials grant (RFC 6749 section 4.4) of one client at one token
 * endpoint. The request is built once; a virtual client sends it again and again.
 */
public final class ClientCredentialsGrant {

	private final Request request;

	public ClientCredentialsGrant(URI tokenEndpoint, ClientCredentials client, String scope) {
		String body = "grant_type=client_credentials&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
				+ client.formParameters();
		this.request = Request.form(tokenEndpoint, client.authorizationHeader(), body);
	}

	public Request request() {
		return request;
	}

	/**
	 * Sends the request and reads the token, for scenarios that need one before they
	 * start.
	 */
	public TokenResponse obtain(Transport transport) throws IOException, InterruptedException {
		Response response = transport.send(request);
		if (response.status() != 200) {
			throw new IOException("Token request failed: " + response.describe());
		}
		return TokenResponse.parse(response.body());
	}

	/**
	 * Whether a response is a successful token response, checked cheaply enough to do on
	 * every request.
	 */
	public static boolean issued(Response response) {
		return response.status() == 200 && response.body().contains("\"access_token\"");
	}

}
