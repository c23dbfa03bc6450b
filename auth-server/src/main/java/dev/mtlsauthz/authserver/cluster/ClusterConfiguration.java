package dev.mtlsauthz.authserver.cluster;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Locale;
import java.util.Properties;
import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;

import dev.mtlsauthz.authserver.AuthServerProperties;

/**
 * What lets several instances on one PostgreSQL database behave as one server, beyond the
 * state every instance already reads from the database: notices that make the other
 * instances forget what they cached ({@link ClusterNotifications}), scheduled jobs that
 * run once per interval across the cluster ({@link ClusterJobs}), and work that one
 * instance at a time may do ({@link ClusterLock}). README, "Running a cluster", lists
 * every structure an instance keeps in memory and why each is safe.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ClusterConfiguration {

	@Bean
	ClusterNotifications clusterNotifications(JdbcTemplate jdbc, DataSource dataSource,
			ObjectProvider<JdbcConnectionDetails> connectionDetails, AuthServerProperties properties) {
		if (!isPostgreSql(jdbc)) {
			return new LocalNotifications();
		}
		JdbcConnectionDetails details = connectionDetails.getIfAvailable();
		// Without Spring Boot's connection details (an application's own DataSource), the
		// listener keeps one of the pool's connections for itself.
		PostgreSqlNotifications.ConnectionFactory listenerConnection = (details != null) ? () -> open(details)
				: dataSource::getConnection;
		return new PostgreSqlNotifications(jdbc, listenerConnection, properties.cluster().listenerCheckInterval());
	}

	@Bean
	LockProvider jobLocks(JdbcTemplate jdbc) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(jdbc)
			.usingDbTime()
			.withLockedByValue(ManagementFactory.getRuntimeMXBean().getName())
			.build());
	}

	@Bean
	ClusterJobs clusterJobs(LockProvider jobLocks) {
		return new ClusterJobs(jobLocks);
	}

	@Bean
	ClusterLock clusterLock(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
		return new ClusterLock(jdbc, transactions, isPostgreSql(jdbc));
	}

	private static Connection open(JdbcConnectionDetails details) throws java.sql.SQLException {
		Properties connection = new Properties();
		if (details.getUsername() != null) {
			connection.setProperty("user", details.getUsername());
		}
		if (details.getPassword() != null) {
			connection.setProperty("password", details.getPassword());
		}
		connection.setProperty("ApplicationName", PostgreSqlNotifications.APPLICATION_NAME);
		return DriverManager.getConnection(details.getJdbcUrl(), connection);
	}

	private static boolean isPostgreSql(JdbcTemplate jdbc) {
		String product = jdbc
			.execute((ConnectionCallback<String>) connection -> connection.getMetaData().getDatabaseProductName());
		return "postgresql".equals(String.valueOf(product).toLowerCase(Locale.ROOT));
	}

}
