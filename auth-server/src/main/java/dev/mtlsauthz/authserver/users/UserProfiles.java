package dev.mtlsauthz.authserver.users;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code user_profile} table: one row of standard claims for each user of
 * {@code users}.
 */
public class UserProfiles {

	private final JdbcTemplate jdbc;

	public UserProfiles(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The user's profile; a user without a row has a profile that holds only their login
	 * name.
	 */
	public UserProfile find(String username) {
		return jdbc
			.query("SELECT name, given_name, family_name, email, email_verified, locale, updated_at "
					+ "FROM user_profile WHERE username = ?",
					(rs, row) -> new UserProfile(username, rs.getString("name"), rs.getString("given_name"),
							rs.getString("family_name"), rs.getString("email"), rs.getBoolean("email_verified"),
							rs.getString("locale"), rs.getTimestamp("updated_at").toInstant()),
					username)
			.stream()
			.findFirst()
			.orElseGet(() -> new UserProfile(username, null, null, null, null, false, null, null));
	}

	/** Creates or replaces the profile; the user must exist. */
	public void save(UserProfile profile) {
		Timestamp updatedAt = Timestamp.from(Optional.ofNullable(profile.updatedAt()).orElseGet(Instant::now));
		int updated = jdbc.update(
				"UPDATE user_profile SET name = ?, given_name = ?, family_name = ?, email = ?, "
						+ "email_verified = ?, locale = ?, updated_at = ? WHERE username = ?",
				profile.name(), profile.givenName(), profile.familyName(), profile.email(), profile.emailVerified(),
				profile.locale(), updatedAt, profile.username());
		if (updated == 0) {
			jdbc.update(
					"INSERT INTO user_profile (username, name, given_name, family_name, email, email_verified, "
							+ "locale, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
					profile.username(), profile.name(), profile.givenName(), profile.familyName(), profile.email(),
					profile.emailVerified(), profile.locale(), updatedAt);
		}
	}

}
