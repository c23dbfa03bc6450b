package dev.mtlsauthz.bench.scenarios;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

import dev.mtlsauthz.bench.BenchOptions;
import dev.mtlsauthz.bench.http.ConnectionPerRequestTransport;
import dev.mtlsauthz.bench.http.JdkHttpClientTransport;
import dev.mtlsauthz.bench.http.KeepAliveTransport;
import dev.mtlsauthz.bench.http.Transport;
import dev.mtlsauthz.bench.load.Scenario;
import dev.mtlsauthz.bench.oauth.ClientCredentials;
import dev.mtlsauthz.bench.oauth.ClientCredentialsGrant;
import dev.mtlsauthz.bench.tls.TrustAnchors;
import dev.mtlsauthz.discovery.AuthorizationServerMetadata;

/**
 * The scenarios of the command line, by id, made once so that repeated rounds share their
 * virtual clients' counters.
 */
public final class Scenarios {

	public static final String TOKEN_ENDPOINT = "token_endpoint";

	public static final String INTROSPECTION_ENDPOINT = "introspection_endpoint";

	private final BenchOptions options;

	private final AuthorizationServerMetadata metadata;

	private final TrustAnchors trust;

	private final Map<String, Scenario> made = new HashMap<>();

	public Scenarios(BenchOptions options, AuthorizationServerMetadata metadata, TrustAnchors trust) {
		this.options = options;
		this.metadata = metadata;
		this.trust = trust;
	}

	public Scenario get(String id) {
		return made.computeIfAbsent(id, this::make);
	}

	/** The soak run's token requests, scenario (a) for the soak client. */
	public TokenIssuance soak() {
		return tokenIssuance("soak");
	}

	/** Scenario a, b, c or soak, which issue tokens. */
	public TokenIssuance tokenIssuance(String id) {
		if (get(id) instanceof TokenIssuance issuance) {
			return issuance;
		}
		throw new IllegalArgumentException("scenario " + id + " does not issue tokens");
	}

	private Scenario make(String id) {
		ClientCredentials client = options.client();
		return switch (id) {
			case "a" -> new TokenIssuance(id, "client_credentials, " + client.method() + " + certificate ("
					+ options.clientCertificate() + "), keep-alive", grant(client), options.clientCertificate(), trust,
					keepAlive());
			case "b" -> new TokenIssuance(id, "as (a), a new TLS connection and full handshake per request",
					grant(client), options.clientCertificate(), trust, ConnectionPerRequestTransport::new);
			case "c" -> new TokenIssuance(id,
					"client_credentials, tls_client_auth (" + options.tlsClientCertificate() + "), keep-alive",
					grant(options.tlsClient()), options.tlsClientCertificate(), trust, keepAlive());
			case "d" -> new Introspection(
					metadata.mtlsEndpoint(INTROSPECTION_ENDPOINT)
						.orElseThrow(() -> new IllegalArgumentException(
								"The issuer advertises no introspection endpoint for (d)")),
					options.introspector(), grant(options.introspectedClient()), options.clientCertificate(), trust,
					keepAlive());
			case "e-on" -> new ResourceAccess(id,
					"GET " + options.resource().getPath() + " with a bound JWT and its certificate, binding check on",
					options.resource(), grant(client), options.clientCertificate(), trust, keepAlive());
			case "e-off" -> {
				if (options.unboundResource() == null) {
					throw new IllegalArgumentException("e-off needs --unbound-resource");
				}
				yield new ResourceAccess(id, "the same, binding check off", options.unboundResource(), grant(client),
						options.clientCertificate(), trust, keepAlive());
			}
			case "soak" -> new TokenIssuance(id, "as (a) for " + options.soakClient().clientId(),
					grant(options.soakClient()), options.clientCertificate(), trust, keepAlive());
			default ->
				throw new IllegalArgumentException("unknown scenario " + id + " (a, b, c, d, e-on, e-off, soak)");
		};
	}

	private Function<SSLContext, Transport> keepAlive() {
		return options.transport().equals("jdk") ? JdkHttpClientTransport::new : KeepAliveTransport::new;
	}

	private ClientCredentialsGrant grant(ClientCredentials client) {
		return new ClientCredentialsGrant(
				metadata.mtlsEndpoint(TOKEN_ENDPOINT)
					.orElseThrow(() -> new IllegalArgumentException("The issuer's metadata names no token_endpoint")),
				client, options.scope());
	}

}
