package dev.mtlsauthz.authserver.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.provisioning.JdbcUserDetailsManager;
import org.springframework.transaction.PlatformTransactionManager;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.account.ConnectedApplications;
import dev.mtlsauthz.authserver.audit.AuditEventPublisher;
import dev.mtlsauthz.authserver.clients.ClientDeletion;
import dev.mtlsauthz.authserver.clients.ClientSeeder;
import dev.mtlsauthz.authserver.clients.DynamicClientRegistration;
import dev.mtlsauthz.authserver.clients.EnabledClientsRepository;
import dev.mtlsauthz.authserver.cluster.ClusterLock;
import dev.mtlsauthz.authserver.keys.SigningKeysEndpoint;
import dev.mtlsauthz.authserver.users.UserPasswords;
import dev.mtlsauthz.authserver.users.UserProfiles;

/**
 * The operator's side: the admin API ({@code /admin/api}, documented at
 * {@code /admin/api/openapi.json}) and console ({@code /admin}), both doing their work
 * through the services here, each change recorded as an audit event
 * ({@link AdminChanges}); the operators seeded from {@code authserver.admin.operators};
 * who may call them ({@link AdminSecurity}). springdoc's settings are defaults in
 * {@code admin/springdoc.properties}.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:dev/mtlsauthz/authserver/admin/springdoc.properties")
class AdminConfiguration {

	/**
	 * {@code authserver.admin.*}, a branch of the one tree
	 * ({@link AuthServerProperties}).
	 */
	@Bean
	AdminProperties adminProperties(AuthServerProperties properties) {
		return properties.admin();
	}

	@Bean
	AdminChanges adminChanges(AuditEventPublisher audit) {
		return new AdminChanges(audit);
	}

	@Bean
	ClientAdministration clientAdministration(EnabledClientsRepository clients, DynamicClientRegistration registration,
			ClientDeletion deletion, ClientSeeder seeder, JdbcTemplate jdbc, AdminChanges changes) {
		return new ClientAdministration(clients, registration, deletion, seeder, jdbc, changes);
	}

	@Bean
	UserAdministration userAdministration(JdbcUserDetailsManager users, UserProfiles profiles, UserPasswords passwords,
			JdbcTemplate jdbc, PlatformTransactionManager transactions, AdminChanges changes) {
		return new UserAdministration(users, profiles, passwords, jdbc, transactions, changes);
	}

	@Bean
	GrantAdministration grantAdministration(JdbcTemplate jdbc, ConnectedApplications applications,
			AdminChanges changes) {
		return new GrantAdministration(jdbc, applications, changes);
	}

	@Bean
	KeyAdministration keyAdministration(SigningKeysEndpoint keys, AdminChanges changes) {
		return new KeyAdministration(keys, changes);
	}

	@Bean
	OperatorSeeder operatorSeeder(AdminProperties properties, JdbcUserDetailsManager users, UserPasswords passwords,
			ClusterLock clusterLock) {
		return new OperatorSeeder(properties.operators(), users, passwords, clusterLock);
	}

}
