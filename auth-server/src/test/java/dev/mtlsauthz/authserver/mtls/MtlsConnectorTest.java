package dev.mtlsauthz.authserver.mtls;

import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The two connectors: no certificate prompt at the issuer (checklist 5), any certificate
 * at the aliases.
 */
class MtlsConnectorTest extends AuthServerIntegrationTest {

	@Test
	void issuerConnectorNeverAsksForAClientCertificate() throws Exception {
		assertThat(certificateRequested(PORT)).isFalse();
	}

	@Test
	void mtlsConnectorAsksEveryClientForACertificate() throws Exception {
		assertThat(certificateRequested(MTLS_PORT)).isTrue();
	}

	@Test
	void mtlsConnectorAcceptsAnEphemeralSelfSignedCertificate() {
		clientCredentials(basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret"),
				alias("/oauth2/token"))
			.then()
			.statusCode(200);
	}

	@Test
	void mtlsConnectorServesOnlyTheAliasedEndpoints() {
		Tls.client(TestPki.ephemeral())
			.get(alias("/.well-known/openid-configuration"))
			.then()
			.statusCode(404)
			.body("error", equalTo("not_found"));
		Tls.client(TestPki.ephemeral()).get(alias("/login")).then().statusCode(404);
		Tls.client(TestPki.ephemeral()).get(alias("/oauth2/authorize?client_id=secret-client")).then().statusCode(404);
	}

	private static boolean certificateRequested(int port) throws Exception {
		AtomicBoolean requested = new AtomicBoolean();
		try (SSLSocket socket = (SSLSocket) Tls.context(TestPki.ephemeral(), requested)
			.getSocketFactory()
			.createSocket("localhost", port)) {
			socket.startHandshake();
			// TLS 1.3 servers may send the CertificateRequest after the handshake
			// messages the client has read;
			// a request round trip makes sure it has been processed.
			socket.getOutputStream()
				.write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
					.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			socket.getInputStream().read();
		}
		return requested.get();
	}

}
