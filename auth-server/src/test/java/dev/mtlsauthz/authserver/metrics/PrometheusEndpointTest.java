package dev.mtlsauthz.authserver.metrics;

import java.util.Arrays;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus scrapes the metrics connector, and only there: each named metric is present
 * and moves with the requests it counts; the public connectors answer 404.
 */
class PrometheusEndpointTest extends AuthServerIntegrationTest {

	@Value("${authserver.metrics.port}")
	private int metricsPort;

	@Test
	void eachMetricIsScrapedAtTheMetricsConnectorAndMovesAfterRequests() {
		String tokensIssued = "mtlsauthz_tokens_issued_total";
		String[] bound = { "grant_type=\"client_credentials\"", "method=\"client_secret_basic\"",
				"binding=\"x5t#S256\"" };
		String failures = "mtlsauthz_client_authentication_failures_total";
		String[] invalidClient = { "reason=\"invalid_client\"", "method=\"client_secret_basic\"" };
		String refusals = "mtlsauthz_binding_refusals_total";
		String[] invalidToken = { "reason=\"invalid_token\"" };
		String tokenRequests = "mtlsauthz_http_requests_seconds_count";
		String[] tokenEndpoint = { "endpoint=\"token\"", "outcome=\"SUCCESS\"" };
		String before = scrape();

		String token = clientCredentials(
				basic(Tls.client(TestPki.ephemeral()), "secret-client", "secret-client-secret"), alias("/oauth2/token"))
			.path("access_token");
		clientCredentials(basic(Tls.anonymous(), "bound-secret-client", "wrong"), main("/oauth2/token")).then()
			.statusCode(401);
		Tls.anonymous().auth().oauth2(token).get(main("/userinfo")).then().statusCode(401);

		String after = scrape();
		assertThat(value(after, tokensIssued, bound)).isEqualTo(value(before, tokensIssued, bound) + 1);
		assertThat(value(after, failures, invalidClient)).isEqualTo(value(before, failures, invalidClient) + 1);
		assertThat(value(after, refusals, invalidToken)).isEqualTo(value(before, refusals, invalidToken) + 1);
		assertThat(value(after, tokenRequests, tokenEndpoint))
			.isEqualTo(value(before, tokenRequests, tokenEndpoint) + 1);
		assertThat(after).contains("mtlsauthz_http_requests_seconds_bucket{endpoint=\"token\"");
		assertThat(value(after, "hikaricp_connections_max")).isPositive();
		assertThat(value(after, "mtlsauthz_signing_key_age_seconds")).isNotNegative();
	}

	@Test
	void publicConnectorsNeverServeMetrics() {
		Tls.anonymous().get(main("/actuator/prometheus")).then().statusCode(404);
		Tls.client(TestPki.ephemeral()).get(alias("/actuator/prometheus")).then().statusCode(404);
		Tls.anonymous().get(main("/actuator/health")).then().statusCode(200);
	}

	@Test
	void metricsConnectorServesNothingElse() {
		RestAssured.given().get(metrics("/actuator/health")).then().statusCode(404);
		RestAssured.given().get(metrics("/login")).then().statusCode(404);
		RestAssured.given().get(metrics("/oauth2/jwks")).then().statusCode(404);
	}

	private String scrape() {
		return RestAssured.given().get(metrics("/actuator/prometheus")).then().statusCode(200).extract().asString();
	}

	private String metrics(String path) {
		return "http://127.0.0.1:" + metricsPort + path;
	}

	/**
	 * The sum of the samples of {@code name} whose labels include each of {@code labels};
	 * 0 when there is none yet.
	 */
	static double value(String scrape, String name, String... labels) {
		return scrape.lines()
			.filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter(line -> Arrays.stream(labels).allMatch(line::contains))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
