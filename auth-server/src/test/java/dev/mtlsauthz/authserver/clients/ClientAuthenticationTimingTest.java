package dev.mtlsauthz.authserver.clients;

import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.ResponseTimes;
import dev.mtlsauthz.authserver.throttling.ThrottledServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client secret for an unknown client and a wrong secret for a known one take the same
 * time. The known client has just authenticated, so its registration is in the lookup
 * cache, as it would be for a busy client, while the unknown one goes to the database.
 * Each pair comes from an address of its own and each client is tried once, so that the
 * throttle, which is on, counts but never locks.
 */
class ClientAuthenticationTimingTest extends ThrottledServerTest {

	private static final int PAIRS = 60;

	@Test
	void unknownClientTakesAsLongAsAWrongSecret() {
		for (int client = 0; client < PAIRS; client++) {
			registerSecretClient("timed-client-" + client, "timed-client-secret-" + client);
		}
		String warmUp = newSourceAddress();
		clientCredentials(warmUp, "timed-client-0", "wrong").then().statusCode(401);
		clientCredentials(warmUp, "unknown-warm-up", "wrong").then().statusCode(401);

		ResponseTimes times = new ResponseTimes();
		for (int pair = 0; pair < PAIRS; pair++) {
			String address = newSourceAddress();
			String client = "timed-client-" + pair;
			clientCredentials(newSourceAddress(), client, "timed-client-secret-" + pair).then().statusCode(200);
			String unknown = "unknown-client-" + pair;
			times.pair(() -> clientCredentials(address, client, "wrong-secret").then().statusCode(401),
					() -> clientCredentials(address, unknown, "wrong-secret").then().statusCode(401));
		}

		System.out.println("Client authentication timing: " + times.summary("wrong secret", "unknown client"));
		assertThat(times.medianRatio()).as(times.summary("wrong secret", "unknown client")).isBetween(0.5, 2.0);
		assertThat(times.probabilityFirstIsSlower()).as(times.summary("wrong secret", "unknown client"))
			.isBetween(0.2, 0.8);
	}

}
