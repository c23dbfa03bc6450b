package dev.mtlsauthz.authserver.admin;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.JdbcUserDetailsManager;

import dev.mtlsauthz.authserver.cluster.ClusterLock;
import dev.mtlsauthz.authserver.users.UserPasswords;

/**
 * Gives the operators of {@code authserver.admin.operators} the role the admin console
 * requires, creating those that do not exist yet (with a bcrypt-hashed password). An
 * existing user's password is left alone. Instances that start together seed one after
 * the other ({@link ClusterLock}).
 */
class OperatorSeeder implements SmartInitializingSingleton {

	private static final String AUTHORITY = "ROLE_" + AdminProperties.ROLE;

	private final List<AdminProperties.Operator> operators;

	private final JdbcUserDetailsManager users;

	private final UserPasswords passwords;

	private final ClusterLock clusterLock;

	OperatorSeeder(List<AdminProperties.Operator> operators, JdbcUserDetailsManager users, UserPasswords passwords,
			ClusterLock clusterLock) {
		this.operators = operators;
		this.users = users;
		this.passwords = passwords;
		this.clusterLock = clusterLock;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (!operators.isEmpty()) {
			clusterLock.runExclusively("operator-seeding", () -> operators.forEach(this::seed));
		}
	}

	private void seed(AdminProperties.Operator operator) {
		if (!users.userExists(operator.username())) {
			if (operator.password() == null) {
				throw new IllegalStateException("Operator " + operator.username()
						+ " does not exist: authserver.admin.operators needs a password to create it");
			}
			users.createUser(User.withUsername(operator.username())
				.password(passwords.hash(operator.password()))
				.roles("USER", AdminProperties.ROLE)
				.build());
			return;
		}
		UserDetails user = users.loadUserByUsername(operator.username());
		if (user.getAuthorities().stream().map(GrantedAuthority::getAuthority).noneMatch(AUTHORITY::equals)) {
			List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
			authorities.add(new SimpleGrantedAuthority(AUTHORITY));
			users.updateUser(User.withUserDetails(user).authorities(authorities).build());
		}
	}

}
