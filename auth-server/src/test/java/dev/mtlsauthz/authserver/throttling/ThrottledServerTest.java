package dev.mtlsauthz.authserver.throttling;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.http.conn.params.ConnRoutePNames;
import org.apache.http.conn.ssl.SSLSocketFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.authserver.UserSession;
import dev.mtlsauthz.authserver.clients.ClientMetadata;
import dev.mtlsauthz.authserver.clients.EnabledClientsRepository;
import dev.mtlsauthz.authserver.throttling.ThrottleKeys.Realm;
import dev.mtlsauthz.authserver.users.UserPasswords;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.Tls;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server of its own with throttling on and small limits: 3 failures of an account from
 * one address, 6 of an account from anywhere, 10 from one address; lockouts of 30 s
 * doubling up to 60 s, long enough that no lockout ends during a test on a busy machine.
 * What happens after a lockout is tested by counting the earlier failures as another
 * instance of the server would, with a clock set back ({@link #otherInstance}). Requests
 * come from loopback addresses of their own ({@code 127.0.x.y}, which Linux routes to the
 * loopback interface), so that each test starts with source addresses that have no
 * failures, and the server sees the address each request really came from. Subclasses
 * share the one running server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class ThrottledServerTest {

	protected static final int PORT = AuthServerIntegrationTest.freePort();

	protected static final int MTLS_PORT = AuthServerIntegrationTest.freePort();

	private static final AtomicInteger ADDRESSES = new AtomicInteger();

	@Autowired
	protected EnabledClientsRepository clients;

	@Autowired
	protected PasswordEncoder passwordEncoder;

	@Autowired
	protected JdbcUserDetailsManager users;

	@Autowired
	protected UserPasswords passwords;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private PlatformTransactionManager transactions;

	@DynamicPropertySource
	static void throttled(DynamicPropertyRegistry registry) {
		AuthServerIntegrationTest.configure(registry, PORT, MTLS_PORT, true,
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		registry.add("authserver.throttling.enabled", () -> true);
		registry.add("authserver.throttling.failures-per-identity-and-address", () -> 3);
		registry.add("authserver.throttling.failures-per-identity", () -> 6);
		registry.add("authserver.throttling.failures-per-address", () -> 10);
		registry.add("authserver.throttling.first-lockout", () -> "30s");
		registry.add("authserver.throttling.max-lockout", () -> "60s");
	}

	/**
	 * Another instance of the server on the same database, with the same limits, whose
	 * clock is {@code ago} behind: failures it counts happened that long ago.
	 */
	protected AuthenticationThrottle otherInstance(Duration ago) {
		ThrottlePolicy policy = new ThrottlePolicy(3, 6, 10, Duration.ofSeconds(30), Duration.ofSeconds(60),
				Duration.ofHours(1));
		return new AuthenticationThrottle(
				new AuthenticationFailures(jdbc, transactions, policy, Clock.offset(Clock.systemUTC(), ago.negated())),
				policy, true);
	}

	/** Counts failures of an account from an address at another instance. */
	protected void failedElsewhere(Duration ago, Realm realm, String identity, String sourceAddress, int failures) {
		AuthenticationThrottle instance = otherInstance(ago);
		for (int failure = 0; failure < failures; failure++) {
			instance.attempt(realm, identity, new WebAuthenticationDetails(sourceAddress, null)).failed();
		}
	}

	protected static String main(String path) {
		return "https://localhost:" + PORT + path;
	}

	protected static String alias(String path) {
		return "https://localhost:" + MTLS_PORT + path;
	}

	/** A loopback address that no request has come from yet. */
	protected static String newSourceAddress() {
		int next = ADDRESSES.getAndIncrement();
		return "127.0." + (1 + next / 250) + "." + (1 + next % 250);
	}

	/**
	 * A request over a TLS connection from {@code sourceAddress} that presents
	 * {@code certificate} ({@code null}: none).
	 */
	protected static RequestSpecification from(String sourceAddress, IssuedCertificate certificate) {
		try {
			return given().config(RestAssuredConfig.config()
				.sslConfig(SSLConfig.sslConfig().sslSocketFactory(new SSLSocketFactory(Tls.context(certificate))))
				.httpClient(HttpClientConfig.httpClientConfig()
					.setParam(ConnRoutePNames.LOCAL_ADDRESS, InetAddress.getByName(sourceAddress))));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	protected static Response clientCredentials(String sourceAddress, String clientId, String secret) {
		return AuthServerIntegrationTest.clientCredentials(
				AuthServerIntegrationTest.basic(from(sourceAddress, null), clientId, secret), main("/oauth2/token"));
	}

	protected void register(Map<String, Object> metadata) {
		clients.save(ClientMetadata.toRegisteredClient(metadata, passwordEncoder, file -> {
			throw new UnsupportedOperationException();
		}));
	}

	/**
	 * Registers a {@code client_secret_basic} client for the client credentials grant.
	 */
	protected void registerSecretClient(String clientId, String secret) {
		register(Map.of("client_id", clientId, "client_secret", secret, "token_endpoint_auth_method",
				"client_secret_basic", "grant_types", java.util.List.of("client_credentials"), "scope", "api.read"));
	}

	protected void createUser(String username, String password) {
		users.createUser(User.withUsername(username).password(passwords.hash(password)).roles("USER").build());
	}

	/**
	 * A person's browser at {@code sourceAddress}: it loads the sign-in page once, for
	 * its session and CSRF token, then signs in as often as asked.
	 */
	protected static final class Visitor {

		private final String sourceAddress;

		private final Map<String, String> cookies = new HashMap<>();

		private final String csrf;

		public Visitor(String sourceAddress) {
			this.sourceAddress = sourceAddress;
			Response page = browser().get(main("/login"));
			assertThat(page.statusCode()).as("sign-in page").isEqualTo(200);
			cookies.putAll(page.getCookies());
			this.csrf = UserSession.input(page.asString(), "_csrf");
		}

		/** Posts the sign-in form; returns where the server sends the browser next. */
		public String signIn(String username, String password) {
			Response response = browser().formParam("username", username)
				.formParam("password", password)
				.formParam("_csrf", csrf)
				.post(main("/login"));
			cookies.putAll(response.getCookies());
			assertThat(response.statusCode()).as("sign-in redirects").isEqualTo(302);
			return response.header("Location");
		}

		/** The page at a URL the server redirected to. */
		public Response open(String url) {
			Response response = browser().urlEncodingEnabled(false).get(url);
			cookies.putAll(response.getCookies());
			return response;
		}

		private RequestSpecification browser() {
			return from(sourceAddress, null).redirects()
				.follow(false)
				.accept(MediaType.TEXT_HTML_VALUE)
				.cookies(cookies);
		}

	}

}
