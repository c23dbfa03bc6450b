package dev.mtlsauthz.authserver.users;

import java.util.List;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.UserDetailsManager;

import dev.mtlsauthz.authserver.AuthServerProperties.SeededUser;

/**
 * Creates the users of {@code authserver.users} that do not exist yet, with bcrypt-hashed passwords. The default
 * configuration seeds a demo user; a production configuration seeds none.
 */
public class UserSeeder implements SmartInitializingSingleton {

    private final List<SeededUser> users;

    private final UserDetailsManager manager;

    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    public UserSeeder(List<SeededUser> users, UserDetailsManager manager) {
        this.users = users;
        this.manager = manager;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (SeededUser user : users) {
            if (!manager.userExists(user.username())) {
                manager.createUser(User.withUsername(user.username()).password(passwords.encode(user.password()))
                        .roles("USER").build());
            }
        }
    }
}
