package dev.mtlsauthz.resourceapi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.mtlsauthz.testing.Tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The issuer's keys as the API keeps them ({@code resourceapi.jwk-set.*}), against an
 * issuer of this test alone: a token signed with a key the issuer has just published is
 * verified after one more fetch of the JWK Set; tokens naming unknown keys cannot make
 * the API fetch it more than twice per {@code refresh-min-interval}; and when the issuer
 * stops, the last set fetched keeps verifying tokens after its time to live has run out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IssuerKeyRotationAndOutageTest {

	private static final TestIssuer ISSUER = TestIssuer.startAnother();

	private static final long TIME_TO_LIVE_MILLIS = 5000;

	/**
	 * Long enough for the first test's requests, short enough that after it the set is
	 * really fetched again, from an issuer that no longer answers.
	 */
	private static final long REFRESH_MIN_INTERVAL_MILLIS = 8000;

	private static String beforeRotation;

	@LocalServerPort
	int port;

	private static String afterRotation;

	@DynamicPropertySource
	static void ownIssuer(DynamicPropertyRegistry registry) {
		ResourceApiTest.testPki(registry);
		registry.add("resourceapi.issuer-uri", ISSUER::issuer);
		registry.add("resourceapi.jwk-set.cache-time-to-live", () -> TIME_TO_LIVE_MILLIS + "ms");
		registry.add("resourceapi.jwk-set.refresh-min-interval", () -> REFRESH_MIN_INTERVAL_MILLIS + "ms");
		registry.add("resourceapi.jwk-set.outage-tolerance", () -> "1h");
	}

	@AfterAll
	static void stopIssuer() {
		ISSUER.stop();
	}

	@Test
	@Order(1)
	void aKeyTheIssuerHasJustPublishedIsFetchedOnceAndUnknownKeysAreRateLimited() {
		beforeRotation = ISSUER.jwt(ResourceApiTest.READ, ResourceApiTest.CLIENT.certificate());
		whoami(beforeRotation).then().statusCode(200);
		int fetchesBefore = ISSUER.jwksFetches();

		ISSUER.rotate();
		afterRotation = ISSUER.jwt(ResourceApiTest.READ, ResourceApiTest.CLIENT.certificate());
		whoami(afterRotation).then().statusCode(200);
		int fetchesAfterRotation = ISSUER.jwksFetches();
		for (int i = 0; i < 5; i++) {
			whoami(ISSUER.jwtSignedWithUnknownKey(ResourceApiTest.READ)).then()
				.statusCode(401)
				.header("WWW-Authenticate", containsString("invalid_token"));
		}

		assertThat(fetchesBefore).isEqualTo(1);
		assertThat(fetchesAfterRotation).as("fetched again for the new kid").isEqualTo(2);
		assertThat(ISSUER.jwksFetches()).as("no more than twice per refresh-min-interval").isEqualTo(2);
	}

	@Test
	@Order(2)
	void theLastKeySetKeepsVerifyingWhileTheIssuerIsDown() throws InterruptedException {
		ISSUER.stop();
		Thread.sleep(Math.max(TIME_TO_LIVE_MILLIS, REFRESH_MIN_INTERVAL_MILLIS) + 1000);

		whoami(afterRotation).then().statusCode(200);
		whoami(beforeRotation).then().statusCode(200);
		whoami(ISSUER.jwt(ResourceApiTest.READ, ResourceApiTest.CLIENT.certificate())).then().statusCode(200);
		whoami(ISSUER.jwtSignedWithUnknownKey(ResourceApiTest.READ)).then().statusCode(401);
	}

	private io.restassured.response.Response whoami(String token) {
		return Tls.client(ResourceApiTest.CLIENT)
			.baseUri("https://127.0.0.1")
			.port(port)
			.header("Authorization", ResourceApiTest.bearer(token))
			.get("/api/whoami");
	}

}
