package dev.mtlsauthz.bench.scenarios;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

import dev.mtlsauthz.bench.http.Request;
import dev.mtlsauthz.bench.http.Response;
import dev.mtlsauthz.bench.http.Transport;
import dev.mtlsauthz.bench.load.Scenario;
import dev.mtlsauthz.bench.load.UnexpectedResponse;
import dev.mtlsauthz.bench.load.VirtualClient;
import dev.mtlsauthz.bench.oauth.ClientCredentials;
import dev.mtlsauthz.bench.oauth.ClientCredentialsGrant;
import dev.mtlsauthz.bench.tls.CertificateSource;
import dev.mtlsauthz.bench.tls.ClientTls;
import dev.mtlsauthz.bench.tls.HandshakeCounter;
import dev.mtlsauthz.bench.tls.TrustAnchors;
import dev.mtlsauthz.mtls.X5tS256;

/**
 * Scenario (d): token introspection (RFC 7662) of a certificate-bound reference token at
 * the introspection endpoint's mTLS alias, as a resource server does for every request it
 * cannot cache. Each virtual client obtains its own bound token first and then
 * introspects it; every answer must say {@code "active":true}.
 */
public final class Introspection implements Scenario {

	private final URI introspectionEndpoint;

	private final ClientCredentials introspector;

	private final ClientCredentialsGrant tokens;

	private final CertificateSource certificates;

	private final TrustAnchors trust;

	private final Function<SSLContext, Transport> transports;

	private final HandshakeCounter handshakes = new HandshakeCounter();

	public Introspection(URI introspectionEndpoint, ClientCredentials introspector, ClientCredentialsGrant tokens,
			CertificateSource certificates, TrustAnchors trust, Function<SSLContext, Transport> transports) {
		this.introspectionEndpoint = introspectionEndpoint;
		this.introspector = introspector;
		this.tokens = tokens;
		this.certificates = certificates;
		this.trust = trust;
		this.transports = transports;
	}

	@Override
	public String id() {
		return "d";
	}

	@Override
	public String title() {
		return "introspection of a bound reference token (" + introspector.clientId() + ", keep-alive)";
	}

	@Override
	public boolean issuesTokens() {
		return false;
	}

	@Override
	public HandshakeCounter handshakes() {
		return handshakes;
	}

	@Override
	public VirtualClient open(int index) throws Exception {
		ClientTls tls = ClientTls.of(certificates.get(), trust, handshakes);
		Transport transport = transports.apply(tls.context());
		RenewedToken token = new RenewedToken(tokens, transport, tls.certificate().certificate());
		Response first = transport.send(introspect(token.current()));
		String thumbprint = X5tS256.of(tls.certificate().certificate()).value();
		if (!active(first) || !first.body().contains(thumbprint)) {
			throw new IOException(
					"The introspected token is not active or not bound to " + thumbprint + ": " + first.describe());
		}
		return () -> {
			Response response = transport.send(introspect(token.current()));
			if (!active(response)) {
				throw new UnexpectedResponse(response);
			}
		};
	}

	private Request introspect(String token) {
		return Request.form(introspectionEndpoint, introspector.authorizationHeader(),
				"token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&token_type_hint=access_token"
						+ introspector.formParameters());
	}

	private static boolean active(Response response) {
		return response.status() == 200 && response.body().replace(" ", "").contains("\"active\":true");
	}

}
