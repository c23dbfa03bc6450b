package dev.mtlsauthz.authserver.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mtlsauthz.authserver.users.UserPasswords;
import dev.mtlsauthz.authserver.users.UserProfile;
import dev.mtlsauthz.authserver.users.UserProfiles;

/**
 * The operator's changes to user accounts: create, change the profile (OpenID Connect
 * standard claims), set a password (bcrypt, {@link UserPasswords}), disable, delete.
 * Disabling or deleting a user also ends their sign-in sessions, which every instance
 * reads from the database; deleting one also deletes what they granted (consents,
 * authorizations and with them their tokens). Every change is recorded
 * ({@link AdminChanges}).
 */
public class UserAdministration {

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,100}");

	private static final int MIN_PASSWORD_LENGTH = 8;

	private static final int MAX_PASSWORD_LENGTH = 72;

	private final JdbcUserDetailsManager users;

	private final UserProfiles profiles;

	private final UserPasswords passwords;

	private final JdbcOperations jdbc;

	private final TransactionTemplate transaction;

	private final AdminChanges changes;

	public UserAdministration(JdbcUserDetailsManager users, UserProfiles profiles, UserPasswords passwords,
			JdbcOperations jdbc, PlatformTransactionManager transactions, AdminChanges changes) {
		this.users = users;
		this.profiles = profiles;
		this.passwords = passwords;
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.changes = changes;
	}

	/** One page of users whose name contains {@code search}, ignoring case. */
	public AdminPage<Map<String, Object>> list(String search, int page, int size) {
		AdminPage.Window window = AdminPage.window(page, size);
		String pattern = "%" + (search == null ? "" : search.trim().toLowerCase(Locale.ROOT)) + "%";
		List<String> names = jdbc.queryForList(
				"SELECT username FROM users WHERE LOWER(username) LIKE ? ORDER BY username "
						+ "OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
				String.class, pattern, window.offset(), window.limit());
		return window.page(names.stream().map(this::read).toList());
	}

	/** The account (enabled, roles) and profile of a user; never the password's hash. */
	public Map<String, Object> read(String username) {
		UserDetails user = stored(username);
		UserProfile profile = profiles.find(username);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("username", user.getUsername());
		view.put("enabled", user.isEnabled());
		view.put("roles",
				user.getAuthorities()
					.stream()
					.map(GrantedAuthority::getAuthority)
					.map(authority -> authority.replaceFirst("^ROLE_", ""))
					.sorted()
					.toList());
		view.put("profile", profile.claims(Set.copyOf(UserProfile.SCOPES)));
		return view;
	}

	/**
	 * Creates a user with the role {@code USER} (and {@code ADMIN} when asked), a
	 * password and a profile.
	 */
	public Map<String, Object> create(String username, String password, ProfileClaims profile, boolean operator) {
		if (username == null || !USERNAME.matcher(username).matches()) {
			throw AdminRequestException
				.invalidRequest("username: 1 to 100 letters, digits or the characters . _ @ + -");
		}
		checkPassword(password);
		if (users.userExists(username)) {
			throw AdminRequestException.conflict("username: user " + username + " already exists");
		}
		transaction.executeWithoutResult(status -> {
			User.UserBuilder user = User.withUsername(username).password(passwords.hash(password));
			user = operator ? user.roles("USER", AdminProperties.ROLE) : user.roles("USER");
			users.createUser(user.build());
			profiles.save((profile == null ? ProfileClaims.NONE : profile).of(username));
		});
		changes.record("user.create", username);
		return read(username);
	}

	/** Replaces the user's profile (claims left out are removed). */
	public Map<String, Object> updateProfile(String username, ProfileClaims profile) {
		stored(username);
		profiles.save((profile == null ? ProfileClaims.NONE : profile).of(username));
		changes.record("user.update_profile", username);
		return read(username);
	}

	public void setPassword(String username, String password) {
		UserDetails user = stored(username);
		checkPassword(password);
		users.updateUser(User.withUserDetails(user).password(passwords.hash(password)).build());
		changes.record("user.set_password", username);
	}

	public Map<String, Object> setEnabled(String username, boolean enabled) {
		UserDetails user = stored(username);
		transaction.executeWithoutResult(status -> {
			users.updateUser(User.withUserDetails(user).disabled(!enabled).build());
			if (!enabled) {
				endSessions(username);
			}
		});
		changes.record(enabled ? "user.enable" : "user.disable", username);
		return read(username);
	}

	/** Deletes the user, their sessions, consents, authorizations and profile. */
	public void delete(String username) {
		stored(username);
		transaction.executeWithoutResult(status -> {
			endSessions(username);
			jdbc.update("DELETE FROM oauth2_authorization WHERE principal_name = ?", username);
			jdbc.update("DELETE FROM oauth2_authorization_consent WHERE principal_name = ?", username);
			jdbc.update("DELETE FROM user_profile WHERE username = ?", username);
			users.deleteUser(username);
		});
		changes.record("user.delete", username);
	}

	private void endSessions(String username) {
		jdbc.update("DELETE FROM spring_session WHERE principal_name = ?", username);
	}

	private UserDetails stored(String username) {
		if (username == null || !users.userExists(username)) {
			throw AdminRequestException.notFound("user " + username);
		}
		return users.loadUserByUsername(username);
	}

	/** bcrypt reads at most 72 bytes; a longer password would be cut without a word. */
	private static void checkPassword(String password) {
		if (password == null || password.length() < MIN_PASSWORD_LENGTH
				|| password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_LENGTH) {
			throw AdminRequestException.invalidRequest("password: " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH
					+ " bytes (bcrypt reads no more)");
		}
	}

	/**
	 * The standard claims an operator sets (OpenID Connect Core 1.0 section 5.1), as
	 * named there.
	 */
	public record ProfileClaims(String name, String given_name, String family_name, String email,
			Boolean email_verified, String locale) {

		static final ProfileClaims NONE = new ProfileClaims(null, null, null, null, null, null);

		UserProfile of(String username) {
			return new UserProfile(username, blankToNull(name), blankToNull(given_name), blankToNull(family_name),
					blankToNull(email), Boolean.TRUE.equals(email_verified), blankToNull(locale), Instant.now());
		}

		private static String blankToNull(String value) {
			return value == null || value.isBlank() ? null : value.trim();
		}

	}

}
