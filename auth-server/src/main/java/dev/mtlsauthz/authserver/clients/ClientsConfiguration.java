package dev.mtlsauthz.authserver.clients;

import java.time.Clock;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.transaction.PlatformTransactionManager;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.cluster.ClusterJobs;
import dev.mtlsauthz.authserver.cluster.ClusterLock;
import dev.mtlsauthz.authserver.cluster.ClusterNotifications;
import dev.mtlsauthz.authserver.fetch.AddressPolicy;
import dev.mtlsauthz.authserver.fetch.ClientUrlFetcher;
import dev.mtlsauthz.authserver.mtls.MtlsEndpoints;
import dev.mtlsauthz.authserver.revocation.CertificateRevocation;
import dev.mtlsauthz.authserver.throttling.AuthenticationThrottle;

/**
 * The clients: their registrations (seeded from {@code authserver.clients}, registered
 * dynamically, disabled, deleted), their secrets, and how each client authentication
 * method checks a client's credentials against its registration.
 */
@Configuration(proxyBeanMethods = false)
class ClientsConfiguration {

	@Bean
	EnabledClientsRepository registeredClientRepository(JdbcTemplate jdbc, ClusterNotifications notifications,
			AuthServerProperties properties, TokenLifetimeLimits lifetimes) {
		return new EnabledClientsRepository(new JdbcRegisteredClientRepository(jdbc), notifications,
				properties.cluster().clientCacheTimeToLive(), lifetimes);
	}

	@Bean
	TokenLifetimeLimits tokenLifetimeLimits(AuthServerProperties properties) {
		return new TokenLifetimeLimits(properties.tokenLifetimes());
	}

	/**
	 * Verifies client secrets and user passwords by the prefix of the stored hash: client
	 * secrets are salted SHA-256, user passwords bcrypt, and {@code client_secret_jwt}
	 * secrets are kept as they are because the server needs them as HMAC keys.
	 */
	@Bean
	@SuppressWarnings("deprecation")
	PasswordEncoder passwordEncoder() {
		return new DelegatingPasswordEncoder(Sha256ClientSecretEncoder.ID,
				Map.of(Sha256ClientSecretEncoder.ID, new Sha256ClientSecretEncoder(), "bcrypt",
						new BCryptPasswordEncoder(), "noop", NoOpPasswordEncoder.getInstance()));
	}

	@Bean
	ClientSeeder clientSeeder(AuthServerProperties properties, EnabledClientsRepository clients,
			PasswordEncoder passwordEncoder, TokenLifetimeLimits lifetimes, ClusterLock clusterLock) {
		return new ClientSeeder(properties.clients(), clients, passwordEncoder, lifetimes, clusterLock);
	}

	@Bean
	ClientJwkSets clientJwkSets(AuthServerProperties properties, ClientUrlFetcher fetcher) {
		return new ClientJwkSets(properties, fetcher);
	}

	@Bean
	ClientCertificateVerifier clientCertificateVerifier(AuthServerProperties properties, ClientJwkSets jwkSets,
			CertificateRevocation revocation) {
		return new ClientCertificateVerifier(properties, jwkSets, revocation);
	}

	@Bean
	UsedClientAssertions usedClientAssertions(JdbcTemplate jdbc) {
		return new UsedClientAssertions(jdbc, Clock.systemUTC());
	}

	@Bean
	SchedulingConfigurer usedClientAssertionsPurgeSchedule(UsedClientAssertions usedAssertions, ClusterJobs jobs,
			AuthServerProperties properties) {
		return jobs.schedule("used-client-assertion-purge", properties.purge().interval(), usedAssertions::purge);
	}

	@Bean
	ClientAssertionDecoders clientAssertionDecoders(AuthServerProperties properties,
			AuthorizationServerSettings settings, MtlsEndpoints endpoints, UsedClientAssertions usedAssertions,
			ClientUrlFetcher fetcher) {
		return new ClientAssertionDecoders(properties, settings, endpoints, usedAssertions, fetcher, Clock.systemUTC());
	}

	@Bean
	DynamicClientRegistration dynamicClientRegistration(AuthServerProperties properties,
			PasswordEncoder passwordEncoder, AddressPolicy addressPolicy) {
		return new DynamicClientRegistration(properties, passwordEncoder, addressPolicy);
	}

	@Bean
	ClientDeletion clientDeletion(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		return new ClientDeletion(jdbc, transactions);
	}

	@Bean
	ClientsCustomizer clientsCustomizer(ClientAssertionDecoders assertionDecoders,
			DynamicClientRegistration registration, EnabledClientsRepository clients, AuthenticationThrottle throttle) {
		return new ClientsCustomizer(assertionDecoders, registration, clients, throttle);
	}

}
