package dev.mtlsauthz.authserver.mtls;

import java.util.Arrays;
import java.util.UUID;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.tomcat.*}'s worker pool and keep-alive settings shape the mTLS connector
 * as well as the issuer's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MtlsConnectorSettingsTest {

	private static final int PORT = AuthServerIntegrationTest.freePort();

	private static final int MTLS_PORT = AuthServerIntegrationTest.freePort();

	@Autowired
	private WebServerApplicationContext context;

	@DynamicPropertySource
	static void threads(DynamicPropertyRegistry registry) {
		AuthServerIntegrationTest.configure(registry, PORT, MTLS_PORT, true,
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		// The issuer's and the mTLS connector only: the metrics connector has its own
		// pool.
		registry.add("authserver.metrics.port", () -> "");
		registry.add("server.tomcat.threads.max", () -> 7);
		registry.add("server.tomcat.threads.min-spare", () -> 3);
		registry.add("server.tomcat.max-keep-alive-requests", () -> 77);
		registry.add("server.tomcat.keep-alive-timeout", () -> "9s");
	}

	@Test
	void bothConnectorsGetTheConfiguredPoolAndKeepAlive() {
		Connector[] connectors = ((TomcatWebServer) context.getWebServer()).getTomcat().getService().findConnectors();

		assertThat(Arrays.stream(connectors).map(Connector::getPort)).containsExactlyInAnyOrder(PORT, MTLS_PORT);
		assertThat(connectors).allSatisfy(connector -> {
			AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
			assertThat(protocol.getMaxThreads()).as("port %d", connector.getPort()).isEqualTo(7);
			assertThat(protocol.getMinSpareThreads()).as("port %d", connector.getPort()).isEqualTo(3);
			assertThat(((AbstractHttp11Protocol<?>) protocol).getMaxKeepAliveRequests())
				.as("port %d", connector.getPort())
				.isEqualTo(77);
			assertThat(protocol.getKeepAliveTimeout()).as("port %d", connector.getPort()).isEqualTo(9_000);
		});
	}

}
