package dev.mtlsauthz.authserver.users;

import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.ResponseTimes;
import dev.mtlsauthz.authserver.throttling.ThrottledServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sign-in with a wrong password for an existing user and one with an unknown user name
 * take the same time, so the time does not tell whether a user exists. Each pair of
 * sign-ins comes from an address of its own and each user is tried once, so that the
 * throttle, which is on, counts but never locks.
 */
class SignInTimingTest extends ThrottledServerTest {

	private static final int PAIRS = 30;

	@Test
	void unknownUserNameTakesAsLongAsAWrongPassword() {
		for (int user = 0; user < PAIRS + 2; user++) {
			createUser("timed-user-" + user, "timed-user-password-" + user);
		}
		Visitor warmUp = new Visitor(newSourceAddress());
		warmUp.signIn("timed-user-" + PAIRS, "wrong");
		warmUp.signIn("unknown-warm-up", "wrong");

		ResponseTimes times = new ResponseTimes();
		for (int pair = 0; pair < PAIRS; pair++) {
			Visitor visitor = new Visitor(newSourceAddress());
			String user = "timed-user-" + pair;
			String unknown = "unknown-user-" + pair;
			times.pair(() -> assertThat(visitor.signIn(user, "wrong-password")).endsWith("/login?error"),
					() -> assertThat(visitor.signIn(unknown, "wrong-password")).endsWith("/login?error"));
		}

		System.out.println("Sign-in timing: " + times.summary("wrong password", "unknown user"));
		assertThat(times.medianRatio()).as(times.summary("wrong password", "unknown user")).isBetween(0.5, 2.0);
		assertThat(times.probabilityFirstIsSlower()).as(times.summary("wrong password", "unknown user"))
			.isBetween(0.2, 0.8);
	}

}
