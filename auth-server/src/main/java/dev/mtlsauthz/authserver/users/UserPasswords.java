package dev.mtlsauthz.authserver.users;

import java.util.Map;

import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.UserDetailsManager;

/**
 * Users' passwords: hashed with bcrypt, and checked at sign-in with the same encoder. The
 * sign-in check ({@link DaoAuthenticationProvider}) answers an unknown user name by
 * checking the password against a dummy hash that the encoder made, so that it takes as
 * long as a real check; with bcrypt as that encoder's own algorithm, the dummy check is a
 * bcrypt check of the same cost. With the server's {@code PasswordEncoder} bean, whose
 * own algorithm is salted SHA-256 (for client secrets), the dummy check took microseconds
 * and a real one tens of milliseconds, which told whether a user exists.
 */
public final class UserPasswords {

	private static final String BCRYPT = "bcrypt";

	private final PasswordEncoder encoder = new DelegatingPasswordEncoder(BCRYPT,
			Map.of(BCRYPT, new BCryptPasswordEncoder()));

	/** The stored form of a password: {@code {bcrypt}} and its hash. */
	public String hash(CharSequence password) {
		return encoder.encode(password);
	}

	/**
	 * The sign-in's password check. The account's status (disabled, locked, expired) is
	 * checked after the password rather than before, so that such an account takes as
	 * long to refuse as any other; the sign-in page shows the same message for all.
	 */
	public AuthenticationProvider signIn(UserDetailsManager users) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(encoder);
		provider.setPreAuthenticationChecks(user -> {
		});
		provider.setPostAuthenticationChecks(new AccountStatusUserDetailsChecker());
		return provider;
	}

}
