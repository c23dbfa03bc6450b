package dev.mtlsauthz.bench.scenarios;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

import dev.mtlsauthz.bench.http.Response;
import dev.mtlsauthz.bench.http.Transport;
import dev.mtlsauthz.bench.load.Scenario;
import dev.mtlsauthz.bench.load.UnexpectedResponse;
import dev.mtlsauthz.bench.load.VirtualClient;
import dev.mtlsauthz.bench.oauth.ClientCredentialsGrant;
import dev.mtlsauthz.bench.oauth.TokenResponse;
import dev.mtlsauthz.bench.tls.CertificateSource;
import dev.mtlsauthz.bench.tls.ClientTls;
import dev.mtlsauthz.bench.tls.HandshakeCounter;
import dev.mtlsauthz.bench.tls.TrustAnchors;

/**
 * Scenarios (a), (b) and (c): certificate-bound access tokens from the token endpoint's
 * mTLS alias with the client credentials grant. Each virtual client holds its own
 * certificate; its first token is checked to carry that certificate's
 * {@code cnf.x5t#S256} before anything is measured.
 */
public final class TokenIssuance implements Scenario {

	private final String id;

	private final String title;

	private final ClientCredentialsGrant grant;

	private final CertificateSource certificates;

	private final TrustAnchors trust;

	private final Function<SSLContext, Transport> transports;

	private final HandshakeCounter handshakes = new HandshakeCounter();

	private final LongAdder issued = new LongAdder();

	private volatile int tokenLength;

	public TokenIssuance(String id, String title, ClientCredentialsGrant grant, CertificateSource certificates,
			TrustAnchors trust, Function<SSLContext, Transport> transports) {
		this.id = id;
		this.title = title;
		this.grant = grant;
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
		return true;
	}

	@Override
	public HandshakeCounter handshakes() {
		return handshakes;
	}

	/** Every token this scenario's virtual clients were issued, warm-up included. */
	public long issued() {
		return issued.sum();
	}

	/**
	 * The length of an access token this scenario was issued, in characters: what the
	 * server signs and sends, which differs between servers.
	 */
	public int tokenLength() {
		return tokenLength;
	}

	@Override
	public VirtualClient open(int index) throws Exception {
		ClientTls tls = ClientTls.of(certificates.get(), trust, handshakes);
		Transport transport = transports.apply(tls.context());
		TokenResponse first = grant.obtain(transport);
		first.requireBoundTo(tls.certificate().certificate());
		tokenLength = first.accessToken().length();
		issued.increment();
		return () -> {
			Response response = transport.send(grant.request());
			if (!ClientCredentialsGrant.issued(response)) {
				throw new UnexpectedResponse(response);
			}
			issued.increment();
		};
	}

}
