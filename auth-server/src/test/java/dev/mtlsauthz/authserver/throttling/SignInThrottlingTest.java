package dev.mtlsauthz.authserver.throttling;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.mtlsauthz.authserver.throttling.ThrottleKeys.Realm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed sign-ins lock out further sign-ins from that address, with a message that says
 * how long to wait, for a bounded time; an unknown user is locked out exactly like a
 * known one.
 */
class SignInThrottlingTest extends ThrottledServerTest {

	@Test
	void wrongPasswordsLockThatAddressOutWithAMessageEvenForTheRightPassword() {
		createUser("carol", "carol-password");
		Visitor attacker = new Visitor(newSourceAddress());
		for (int failure = 1; failure <= 3; failure++) {
			String failed = attacker.signIn("carol", "guess-" + failure);
			assertThat(failed).endsWith("/login?error");
			assertThat(attacker.open(failed).asString()).contains("The username or password is not correct")
				.doesNotContain("login-locked");
		}

		String refused = attacker.signIn("carol", "carol-password");
		assertThat(refused).as("the right password is refused while locked out").endsWith("/login?error");
		assertThat(attacker.open(refused).asString()).contains("id=\"login-locked\"")
			.contains("Too many sign-ins have failed")
			.containsPattern("wait <span>[0-9]+ seconds</span>")
			.doesNotContain("The username or password is not correct");
		assertThat(new Visitor(newSourceAddress()).signIn("carol", "carol-password"))
			.as("carol signs in from another address")
			.doesNotContain("error");
	}

	@Test
	void theLockoutEnds() {
		createUser("dave", "dave-password");
		String address = newSourceAddress();
		failedElsewhere(Duration.ofSeconds(40), Realm.USER, "dave", address, 3);

		assertThat(new Visitor(address).signIn("dave", "dave-password")).doesNotContain("error");
	}

	@Test
	void unknownUserIsLockedOutLikeAKnownOne() {
		Visitor attacker = new Visitor(newSourceAddress());
		for (int failure = 1; failure <= 3; failure++) {
			attacker.signIn("nobody", "guess-" + failure);
		}

		String refused = attacker.signIn("nobody", "guess");
		assertThat(attacker.open(refused).asString()).contains("id=\"login-locked\"");
	}

}
