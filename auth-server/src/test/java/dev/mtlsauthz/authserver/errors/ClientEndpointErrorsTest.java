package dev.mtlsauthz.authserver.errors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.mtlsauthz.authserver.AuthServerIntegrationTest;
import dev.mtlsauthz.testing.TestPki;
import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that the endpoints clients call cannot read, at the issuer and at the mTLS
 * alias, gets an RFC 6749 section 5.2 error: JSON with {@code error} and
 * {@code error_description} and nothing else (no Spring Boot {@code status},
 * {@code timestamp} or {@code path}, no HTML page), with the status that says what was
 * wrong.
 */
class ClientEndpointErrorsTest extends AuthServerIntegrationTest {

	private static final String FORM = "application/x-www-form-urlencoded";

	private static final String UTF8_FORM = FORM + "; charset=UTF-8";

	@Test
	void aFormBodyThatIsNotUtf8IsInvalidRequest() throws IOException {
		byte[] body = concat("grant_type=client_credentials&scope=".getBytes(StandardCharsets.US_ASCII),
				new byte[] { (byte) 0xff, (byte) 0xfe, 'a' });
		for (int port : new int[] { PORT, MTLS_PORT }) {
			assertRfc6749Error(raw(port, "POST", "/oauth2/token", body), 400, "invalid_request", "UTF-8");
		}
	}

	@Test
	void aMalformedPercentEscapeInTheBodyOrTheQueryIsInvalidRequest() throws IOException {
		assertRfc6749Error(basic(atIssuer(), "secret-client", "secret-client-secret").contentType(UTF8_FORM)
			.body("grant_type=client_credentials&scope=%zz")
			.post(main("/oauth2/token")), 400, "invalid_request", "percent-escapes");
		assertRfc6749Error(
				raw(MTLS_PORT, "POST", "/oauth2/token?scope=%e9%zz",
						"grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII)),
				400, "invalid_request", "percent-escapes");
	}

	@Test
	void aMethodTheEndpointDoesNotAcceptIs405WithAllow() {
		Response put = basic(atIssuer(), "secret-client", "secret-client-secret").contentType(UTF8_FORM)
			.body("grant_type=client_credentials")
			.put(main("/oauth2/token"));
		assertRfc6749Error(put, 405, "invalid_request", "accepts POST, not PUT");
		assertThat(put.header("Allow")).isEqualTo("POST");

		Response get = atAlias().redirects().follow(false).get(alias("/oauth2/token"));
		assertRfc6749Error(get, 405, "invalid_request", "accepts POST, not GET");

		Response jwks = atIssuer().post(main("/oauth2/jwks"));
		assertRfc6749Error(jwks, 405, "invalid_request", "accepts GET");
		assertThat(jwks.header("Allow")).isEqualTo("GET");

		assertRfc6749Error(atIssuer().post(main("/.well-known/oauth-protected-resource/userinfo")), 405,
				"invalid_request", "accepts GET, HEAD");
		assertRfc6749Error(atIssuer().delete(main("/userinfo")), 405, "invalid_request", "accepts GET, POST");
	}

	@Test
	void aBodyThatIsNotAFormIs415() {
		assertRfc6749Error(basic(atAlias(), "secret-client", "secret-client-secret").contentType("application/json")
			.body("{\"grant_type\":\"client_credentials\"}")
			.post(alias("/oauth2/token")), 415, "invalid_request", FORM);
	}

	@Test
	void aBodyOverTheLimitIs413() {
		String body = "grant_type=client_credentials&x=" + "a".repeat(3 * 1024 * 1024);

		assertRfc6749Error(basic(atIssuer(), "secret-client", "secret-client-secret").contentType(UTF8_FORM)
			.body(body)
			.post(main("/oauth2/token")), 413, "invalid_request", "too large");
	}

	@Test
	void aResponseTypeTheEndpointCannotGiveIs406() {
		assertRfc6749Error(atIssuer().accept("text/html").get(main("/.well-known/oauth-protected-resource/userinfo")),
				406, "invalid_request", "application/json");
	}

	@Test
	void headersTooLargeForTomcatAreInvalidRequestInJsonAtBothConnectors() {
		String large = "a".repeat(20_000);
		assertRfc6749Error(atIssuer().header("X-Large", large).post(main("/oauth2/token")), 400, "invalid_request",
				"header");
		assertRfc6749Error(atAlias().header("X-Large", large).post(alias("/oauth2/token")), 400, "invalid_request",
				"header");
	}

	@Test
	void aRequestLineTomcatCannotParseIsInvalidRequestInJson() throws IOException {
		for (int port : new int[] { PORT, MTLS_PORT }) {
			assertRfc6749Error(raw(port, "GET", "/oauth2/token?a=<{|}>", null), 400, "invalid_request", "malformed");
		}
	}

	private static void assertRfc6749Error(Response response, int status, String error, String descriptionPart) {
		assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/json");
		assertRfc6749Error(response.asString(), error, descriptionPart);
	}

	private static void assertRfc6749Error(String response, int status, String error, String descriptionPart) {
		assertThat(response).as(response).startsWith("HTTP/1.1 " + status + " ");
		assertThat(response).containsIgnoringCase("\r\nContent-Type: application/json");
		assertRfc6749Error(response.substring(response.indexOf("\r\n\r\n") + 4), error, descriptionPart);
	}

	private static void assertRfc6749Error(String json, String error, String descriptionPart) {
		Map<String, Object> body = JsonMapper.builder().build().readValue(json, new TypeReference<>() {
		});
		assertThat(body).containsOnlyKeys("error", "error_description").containsEntry("error", error);
		assertThat((String) body.get("error_description")).contains(descriptionPart);
	}

	private static RequestSpecification atIssuer() {
		return Tls.anonymous();
	}

	private static RequestSpecification atAlias() {
		return Tls.client(TestPki.ephemeral());
	}

	/**
	 * A request written byte for byte over TLS, as secret-client with
	 * {@code client_secret_basic}, for what an HTTP client library will not send; returns
	 * the whole response.
	 */
	private static String raw(int port, String method, String target, byte[] formBody) throws IOException {
		String head = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
				+ "Authorization: Basic "
				+ java.util.Base64.getEncoder()
					.encodeToString("secret-client:secret-client-secret".getBytes(StandardCharsets.US_ASCII))
				+ "\r\n" + ((formBody != null)
						? "Content-Type: " + UTF8_FORM + "\r\nContent-Length: " + formBody.length + "\r\n" : "")
				+ "\r\n";
		try (Socket socket = Tls.context(null).getSocketFactory().createSocket("localhost", port)) {
			OutputStream out = socket.getOutputStream();
			out.write(head.getBytes(StandardCharsets.ISO_8859_1));
			if (formBody != null) {
				out.write(formBody);
			}
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.UTF_8);
		}
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
