package dev.mtlsauthz.bench.scenarios;

import java.net.URI;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

import dev.mtlsauthz.bench.http.Request;
import dev.mtlsauthz.bench.http.Response;
import dev.mtlsauthz.bench.http.Transport;
import dev.mtlsauthz.bench.load.Scenario;
import dev.mtlsauthz.bench.load.UnexpectedResponse;
import dev.mtlsauthz.bench.load.VirtualClient;
import dev.mtlsauthz.bench.oauth.ClientCredentialsGrant;
import dev.mtlsauthz.bench.tls.CertificateSource;
import dev.mtlsauthz.bench.tls.ClientTls;
import dev.mtlsauthz.bench.tls.HandshakeCounter;
import dev.mtlsauthz.bench.tls.TrustAnchors;

/**
 * Scenario (e): a protected resource called with a certificate-bound JWT over the
 * connection that presents the bound certificate. Run against the API with its
 * proof-of-possession check on ({@code e-on}) and off ({@code e-off}), the difference is
 * what the check costs.
 */
public final class ResourceAccess implements Scenario {

	private final String id;

	private final String title;

	private final URI resource;

	private final ClientCredentialsGrant tokens;

	private final CertificateSource certificates;

	private final TrustAnchors trust;

	private final Function<SSLContext, Transport> transports;

	private final HandshakeCounter handshakes = new HandshakeCounter();

	public ResourceAccess(String id, String title, URI resource, ClientCredentialsGrant tokens,
			CertificateSource certificates, TrustAnchors trust, Function<SSLContext, Transport> transports) {
		this.id = id;
		this.title = title;
		this.resource = resource;
		this.tokens = tokens;
		this.certificates = certificates;
		this.trust = trust;
		this.transports = transports;
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public String title() {
		return title;
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
		return () -> {
			Response response = transport.send(Request.get(resource, "Bearer " + token.current()));
			if (response.status() != 200) {
				throw new UnexpectedResponse(response);
			}
		};
	}

}
