package dev.mtlsauthz.authserver.users;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.provisioning.JdbcUserDetailsManager;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.cluster.ClusterLock;

/**
 * The users: their accounts (Spring Security's {@code users} schema), their passwords and
 * the sign-in's check of them ({@link UserPasswords}), their OpenID Connect profiles, the
 * users seeded from {@code authserver.users}, the consents they gave clients, and the
 * userinfo response built from their profiles.
 */
@Configuration(proxyBeanMethods = false)
class UsersConfiguration {

	@Bean
	JdbcUserDetailsManager userDetailsManager(DataSource dataSource) {
		return new JdbcUserDetailsManager(dataSource);
	}

	@Bean
	UserProfiles userProfiles(JdbcTemplate jdbc) {
		return new UserProfiles(jdbc);
	}

	@Bean
	UserPasswords userPasswords() {
		return new UserPasswords();
	}

	@Bean
	UserSeeder userSeeder(AuthServerProperties properties, JdbcUserDetailsManager users, UserProfiles profiles,
			UserPasswords passwords, ClusterLock clusterLock) {
		return new UserSeeder(properties.users(), users, profiles, passwords, clusterLock);
	}

	@Bean
	OAuth2AuthorizationConsentService authorizationConsentService(JdbcTemplate jdbc,
			RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
	}

	@Bean
	UserInfoClaims userInfoClaims(UserProfiles profiles) {
		return new UserInfoClaims(profiles);
	}

}
