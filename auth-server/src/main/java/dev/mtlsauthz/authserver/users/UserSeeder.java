package dev.mtlsauthz.authserver.users;

import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.UserDetailsManager;

import dev.mtlsauthz.authserver.AuthServerProperties.SeededUser;
import dev.mtlsauthz.authserver.cluster.ClusterLock;

/**
 * Creates the users of {@code authserver.users} that do not exist yet, with bcrypt-hashed
 * passwords, and gives each the profile of its configuration. The default configuration
 * seeds a demo user; a production configuration seeds none. An existing user's password
 * is left alone, so a changed password survives restarts; the profile follows the
 * configuration. Instances of a cluster that start together seed one after the other
 * ({@link ClusterLock}).
 */
public class UserSeeder implements SmartInitializingSingleton {

	private final List<SeededUser> users;

	private final UserDetailsManager manager;

	private final UserProfiles profiles;

	private final UserPasswords passwords;

	private final ClusterLock clusterLock;

	public UserSeeder(List<SeededUser> users, UserDetailsManager manager, UserProfiles profiles,
			UserPasswords passwords, ClusterLock clusterLock) {
		this.users = users;
		this.manager = manager;
		this.profiles = profiles;
		this.passwords = passwords;
		this.clusterLock = clusterLock;
	}

	@Override
	public void afterSingletonsInstantiated() {
		clusterLock.runExclusively("user-seeding", this::seed);
	}

	private void seed() {
		for (SeededUser user : users) {
			if (!manager.userExists(user.username())) {
				manager.createUser(User.withUsername(user.username())
					.password(passwords.hash(user.password()))
					.roles("USER")
					.build());
			}
			profiles.save(new UserProfile(user.username(), user.name(), user.givenName(), user.familyName(),
					user.email(), user.emailVerified(), user.locale(), null));
		}
	}

}
