package dev.mtlsauthz.bench.scenarios;

import java.io.IOException;
import java.security.cert.X509Certificate;

import dev.mtlsauthz.bench.http.Transport;
import dev.mtlsauthz.bench.oauth.ClientCredentialsGrant;
import dev.mtlsauthz.bench.oauth.TokenResponse;

/**
 * A virtual client's bound access token, fetched again at half its lifetime so that long
 * runs never present an expired one.
 */
final class RenewedToken {

	private final ClientCredentialsGrant grant;

	private final Transport transport;

	private final X509Certificate certificate;

	private String token;

	private long renewAt;

	RenewedToken(ClientCredentialsGrant grant, Transport transport, X509Certificate certificate)
			throws IOException, InterruptedException {
		this.grant = grant;
		this.transport = transport;
		this.certificate = certificate;
		renew();
	}

	String current() throws IOException, InterruptedException {
		if (System.nanoTime() - renewAt >= 0) {
			renew();
		}
		return token;
	}

	private void renew() throws IOException, InterruptedException {
		TokenResponse response = grant.obtain(transport);
		response.requireBoundTo(certificate);
		token = response.accessToken();
		renewAt = System.nanoTime() + response.expiresIn().toNanos() / 2;
	}

}
