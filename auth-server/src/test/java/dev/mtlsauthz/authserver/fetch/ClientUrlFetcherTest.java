package dev.mtlsauthz.authserver.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The fetcher of client-registered URLs over real TLS: only https, only to addresses the
 * policy allows (here only {@code 127.0.0.2}), checked after the name is resolved and
 * connected to as checked, no redirects, and cut off when a body is too large or too
 * slow.
 */
class ClientUrlFetcherTest {

	private static HttpsTestServer server;

	private static final Map<String, InetAddress[]> NAMES = Map.of("jwks.test", addresses("127.0.0.2"), "rebound.test",
			addresses("127.0.0.2", "127.0.0.1"), "metadata.test", addresses("169.254.169.254"));

	private static ClientUrlFetcher fetcher;

	@BeforeAll
	static void start() throws IOException {
		server = new HttpsTestServer();
		Function<String, InetAddress[]> system = ClientUrlFetcher.systemResolver();
		fetcher = new ClientUrlFetcher(new AddressPolicy(List.of("127.0.0.2/32")), Tls.context(null),
				Duration.ofSeconds(2), Duration.ofSeconds(2), 65536,
				host -> NAMES.containsKey(host) ? NAMES.get(host) : system.apply(host));
	}

	@AfterAll
	static void stop() throws IOException {
		server.close();
		fetcher.close();
	}

	@Test
	void fetchesFromAnAllowedAddressOverHttps() throws IOException {
		server.publish("{\"keys\":[{\"kty\":\"oct\",\"k\":\"AA\"}]}");

		assertThat(new String(fetcher.fetch(URI.create(server.url("/jwks"))), StandardCharsets.UTF_8))
			.isEqualTo(server.published());
	}

	@Test
	void connectsToTheCheckedAddressAndVerifiesTheCertificateForTheName() throws IOException {
		server.publish("{\"keys\":[]}");

		assertThat(fetcher.fetch(URI.create("https://jwks.test:" + server.port() + "/jwks"))).isNotEmpty();
	}

	@Test
	void loopbackPrivateLinkLocalAndOtherSpecialAddressesAreRefusedBeforeAnyConnection() {
		for (String url : List.of("https://127.0.0.1:" + server.port() + "/jwks", "https://[::1]/jwks",
				"https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/jwks", "https://192.168.1.1/jwks",
				"https://172.16.0.1/jwks", "https://[fd00::1]/jwks", "https://[fe80::1]/jwks", "https://224.0.0.1/jwks",
				"https://0.0.0.0/jwks", "https://100.64.0.1/jwks", "https://[::ffff:127.0.0.1]/jwks")) {
			long started = System.nanoTime();
			assertThatExceptionOfType(UnknownHostException.class).as(url)
				.isThrownBy(() -> fetcher.fetch(URI.create(url)))
				.withMessageContaining("special range");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as(url).isLessThan(Duration.ofSeconds(1));
		}
	}

	@Test
	void aNameThatResolvesToLoopbackAtFetchTimeIsRefused() {
		assertThatExceptionOfType(UnknownHostException.class)
			.isThrownBy(() -> fetcher.fetch(URI.create("https://localhost:" + server.port() + "/jwks")))
			.withMessageContaining("127.0.0.0/8");
		assertThatExceptionOfType(UnknownHostException.class)
			.isThrownBy(() -> fetcher.fetch(URI.create("https://metadata.test/latest/meta-data/")))
			.withMessageContaining("169.254.0.0/16");
	}

	@Test
	void aNameWithOneRefusedAddressAmongAllowedOnesIsRefused() {
		assertThatExceptionOfType(UnknownHostException.class)
			.isThrownBy(() -> fetcher.fetch(URI.create("https://rebound.test:" + server.port() + "/jwks")))
			.withMessageContaining("127.0.0.1");
	}

	@Test
	void onlyHttpsIsFetched() {
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> fetcher.fetch(URI.create("http://127.0.0.2:" + server.port() + "/jwks")))
			.withMessageContaining("https");
	}

	@Test
	void redirectsAreNotFollowed() {
		int before = server.fetches();

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> fetcher.fetch(URI.create(server.url("/redirect"))))
			.withMessageContaining("302");
		assertThat(server.fetches()).isEqualTo(before);
	}

	@Test
	void anOversizedBodyIsCutOff() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> fetcher.fetch(URI.create(server.url("/big"))))
			.withMessageContaining("65536");
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> fetcher.fetch(URI.create(server.url("/big-chunked"))))
			.withMessageContaining("65536");
	}

	@Test
	void aSlowBodyIsCutOffAtTheTimeout() {
		long started = System.nanoTime();

		assertThatExceptionOfType(IOException.class).isThrownBy(() -> fetcher.fetch(URI.create(server.url("/slow"))));

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1500),
				Duration.ofSeconds(5));
	}

	private static InetAddress[] addresses(String... literals) {
		try {
			InetAddress[] addresses = new InetAddress[literals.length];
			for (int i = 0; i < literals.length; i++) {
				addresses[i] = InetAddress.getByName(literals[i]);
			}
			return addresses;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
