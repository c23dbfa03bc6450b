package dev.mtlsauthz.authserver.throttling;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.throttling.ThrottleKeys.Realm;
import dev.mtlsauthz.certs.IssuedCertificate;
import dev.mtlsauthz.testing.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed client-secret authentications lock out further attempts, for a bounded time,
 * with {@code invalid_client} and {@code Retry-After}; certificate and private-key
 * clients are never locked out; the counts live in the database, where every instance
 * reads them.
 */
class ClientAuthenticationThrottlingTest extends ThrottledServerTest {

	@Test
	void wrongSecretsLockThatAddressOutEvenForTheRightSecretWithRetryAfter() {
		registerSecretClient("guessed-client", "guessed-client-secret");
		String attacker = newSourceAddress();
		for (int failure = 1; failure <= 3; failure++) {
			Response wrong = clientCredentials(attacker, "guessed-client", "guess-" + failure);
			assertThat(wrong.statusCode()).isEqualTo(401);
			assertThat(wrong.header("Retry-After")).as("failure %d is answered as usual", failure).isNull();
		}

		Response locked = clientCredentials(attacker, "guessed-client", "guessed-client-secret");
		assertThat(locked.statusCode()).isEqualTo(401);
		assertThat((String) locked.path("error")).isEqualTo("invalid_client");
		assertThat((String) locked.path("error_description")).startsWith("Too many failed client authentications");
		assertThat(retryAfter(locked)).as("first-lockout is 30 s").isBetween(20, 30);
		assertThat(clientCredentials(newSourceAddress(), "guessed-client", "guessed-client-secret").statusCode())
			.as("the client from another address is not locked out")
			.isEqualTo(200);
	}

	@Test
	void theLockoutEndsAndTheRightSecretForgetsTheFailuresFromThatAddress() {
		registerSecretClient("patient-client", "patient-client-secret");
		String address = newSourceAddress();
		failedElsewhere(Duration.ofSeconds(40), Realm.CLIENT, "patient-client", address, 3);

		clientCredentials(address, "patient-client", "patient-client-secret").then().statusCode(200);
		for (int failure = 1; failure <= 2; failure++) {
			assertThat(clientCredentials(address, "patient-client", "typo").header("Retry-After"))
				.as("the count from this address starts again after a success")
				.isNull();
		}
	}

	@Test
	void everyFailureBeyondTheLimitDoublesTheLockoutUpToTheMaximum() {
		registerSecretClient("doubling-client", "doubling-client-secret");
		String first = newSourceAddress();
		failedElsewhere(Duration.ofSeconds(40), Realm.CLIENT, "doubling-client", first, 3);
		clientCredentials(first, "doubling-client", "guess").then().statusCode(401);
		assertThat(retryAfter(clientCredentials(first, "doubling-client", "guess")))
			.as("the fourth failure locks for 60 s")
			.isBetween(50, 60);

		String second = newSourceAddress();
		failedElsewhere(Duration.ofMinutes(2), Realm.CLIENT, "doubling-client", second, 4);
		clientCredentials(second, "doubling-client", "guess").then().statusCode(401);
		assertThat(retryAfter(clientCredentials(second, "doubling-client", "guess")))
			.as("the fifth would lock for 120 s; max-lockout is 60 s")
			.isBetween(50, 60);
	}

	@Test
	void oneAddressAloneCannotLockTheClientOutForEveryone() {
		registerSecretClient("persistent-target", "persistent-target-secret");
		String attacker = newSourceAddress();
		failedElsewhere(Duration.ofMinutes(10), Realm.CLIENT, "persistent-target", attacker, 3);
		failedElsewhere(Duration.ofMinutes(8), Realm.CLIENT, "persistent-target", attacker, 1);
		failedElsewhere(Duration.ofMinutes(6), Realm.CLIENT, "persistent-target", attacker, 1);
		failedElsewhere(Duration.ofMinutes(4), Realm.CLIENT, "persistent-target", attacker, 1);

		assertThat(clientCredentials(newSourceAddress(), "persistent-target", "persistent-target-secret").statusCode())
			.as("6 failures from one address count 3 towards the client's limit of 6")
			.isEqualTo(200);
	}

	@Test
	void guessingFromSeveralAddressesLocksTheClientForEveryAddress() {
		registerSecretClient("popular-target", "popular-target-secret");
		for (String attacker : List.of(newSourceAddress(), newSourceAddress())) {
			for (int failure = 1; failure <= 3; failure++) {
				clientCredentials(attacker, "popular-target", "guess");
			}
		}

		Response owner = clientCredentials(newSourceAddress(), "popular-target", "popular-target-secret");
		assertThat(owner.statusCode()).isEqualTo(401);
		assertThat(retryAfter(owner)).isBetween(20, 30);
	}

	@Test
	void anAddressTryingManyClientsIsLockedOutOfAll() {
		String sprayer = newSourceAddress();
		for (int client = 1; client <= 10; client++) {
			clientCredentials(sprayer, "sprayed-" + client, "guess").then().statusCode(401);
		}
		registerSecretClient("sprayed-owner", "sprayed-owner-secret");

		assertThat(retryAfter(clientCredentials(sprayer, "sprayed-owner", "sprayed-owner-secret")))
			.as("an unknown client id counts like a wrong secret")
			.isBetween(20, 30);
	}

	@Test
	void clientSecretJwtAssertionsAreThrottledLikeSecrets() {
		String secret = "the-throttled-client-secret-that-is-long-enough-for-hmac";
		register(Map.of("client_id", "throttled-jwt-client", "client_secret", secret, "token_endpoint_auth_method",
				"client_secret_jwt", "grant_types", List.of("client_credentials"), "scope", "api.read"));
		String attacker = newSourceAddress();
		for (int failure = 1; failure <= 3; failure++) {
			assertionRequest(attacker,
					hmacAssertion("throttled-jwt-client", "wrong-secret-" + failure + "-that-is-long-enough-for-hmac"))
				.then()
				.statusCode(401);
		}

		Response locked = assertionRequest(attacker, hmacAssertion("throttled-jwt-client", secret));
		assertThat(locked.statusCode()).isEqualTo(401);
		assertThat(retryAfter(locked)).isBetween(20, 30);
	}

	@Test
	void certificateClientIsNotLockedOutBySecretGuessesFromItsOwnAddress() {
		String shared = newSourceAddress();
		for (String attacker : List.of(shared, newSourceAddress())) {
			for (int failure = 1; failure <= 3; failure++) {
				clientCredentials(attacker, "pki-client", "guess").then().statusCode(401);
			}
		}
		assertThat(retryAfter(clientCredentials(newSourceAddress(), "pki-client", "guess")))
			.as("secret guesses at pki-client are locked out everywhere")
			.isBetween(20, 30);

		IssuedCertificate certificate = TestPki.issued(TestPki.fromCa("CN=pki-client, O=mtls-authz test"));
		from(shared, certificate).formParam("grant_type", "client_credentials")
			.formParam("client_id", "pki-client")
			.formParam("scope", "api.read")
			.post(alias("/oauth2/token"))
			.then()
			.statusCode(200);
	}

	@Test
	void failuresCountedByAnotherInstanceLockThisOne() {
		registerSecretClient("clustered-client", "clustered-client-secret");
		String attacker = newSourceAddress();
		failedElsewhere(Duration.ZERO, Realm.CLIENT, "clustered-client", attacker, 3);

		Response locked = clientCredentials(attacker, "clustered-client", "clustered-client-secret");
		assertThat(locked.statusCode()).isEqualTo(401);
		assertThat(retryAfter(locked)).isBetween(20, 30);
	}

	private static int retryAfter(Response response) {
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.header("Retry-After")).as("Retry-After").isNotNull();
		return Integer.parseInt(response.header("Retry-After"));
	}

	private static Response assertionRequest(String sourceAddress, String assertion) {
		return from(sourceAddress, null).formParam("grant_type", "client_credentials")
			.formParam("scope", "api.read")
			.formParam("client_id", "throttled-jwt-client")
			.formParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
			.formParam("client_assertion", assertion)
			.post(main("/oauth2/token"));
	}

	private static String hmacAssertion(String clientId, String secret) {
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(main(""))
			.jwtID(UUID.randomUUID().toString())
			.issueTime(new Date())
			.expirationTime(new Date(System.currentTimeMillis() + 60_000))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			jwt.sign(new MACSigner(secret));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
