package dev.mtlsauthz.authserver.cluster;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances' job runners on one database, with the schema of the migrations: a job
 * runs on one of them per interval, and the other's ticks in between are skipped.
 */
class ClusterJobsTest {

	private final DriverManagerDataSource database = new DriverManagerDataSource(
			"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

	private final ClusterJobs instanceA = jobs("instance-a");

	private final ClusterJobs instanceB = jobs("instance-b");

	private final AtomicInteger runs = new AtomicInteger();

	private final Runnable job = () -> runs.incrementAndGet();

	@AfterEach
	void dropDatabase() {
		new JdbcTemplate(database).execute("SHUTDOWN");
	}

	@Test
	void aJobRunsOnOneInstanceAndNowhereElseUntilNineTenthsOfItsIntervalHavePassed() throws InterruptedException {
		Duration interval = Duration.ofSeconds(2);

		assertThat(instanceA.runIfDue("job", interval, job)).isTrue();
		assertThat(instanceB.runIfDue("job", interval, job)).isFalse();
		assertThat(instanceA.runIfDue("job", interval, job)).isFalse();
		Thread.sleep(interval.multipliedBy(9).dividedBy(10).plusMillis(200).toMillis());
		assertThat(instanceB.runIfDue("job", interval, job)).isTrue();
		assertThat(instanceA.runIfDue("job", interval, job)).isFalse();

		assertThat(runs).hasValue(2);
	}

	@Test
	void jobsOfDifferentNamesDoNotHoldEachOtherBack() {
		Duration interval = Duration.ofMinutes(5);

		assertThat(instanceA.runIfDue("expired-authorization-purge", interval, job)).isTrue();
		assertThat(instanceB.runIfDue("expired-session-cleanup", interval, job)).isTrue();

		assertThat(runs).hasValue(2);
	}

	@Test
	void scheduledOnTwoInstancesAJobRunsAboutOncePerIntervalNotTwice() throws InterruptedException {
		Duration interval = Duration.ofMillis(500);
		ThreadPoolTaskScheduler schedulerA = scheduler();
		ThreadPoolTaskScheduler schedulerB = scheduler();
		try {
			schedulerA.scheduleAtFixedRate(instanceA.oncePerInterval("job", interval, job), interval);
			schedulerB.scheduleAtFixedRate(instanceB.oncePerInterval("job", interval, job), interval);
			Thread.sleep(4_000);
		}
		finally {
			schedulerA.shutdown();
			schedulerB.shutdown();
		}

		// Eight intervals: once per instance per tick would be about sixteen runs.
		assertThat(runs.get()).isBetween(3, 10);
	}

	private ClusterJobs jobs(String instance) {
		Flyway.configure()
			.dataSource(database)
			.locations("classpath:db/migration/common", "classpath:db/migration/h2")
			.load()
			.migrate();
		return new ClusterJobs(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(database))
			.usingDbTime()
			.withLockedByValue(instance)
			.build()));
	}

	private static ThreadPoolTaskScheduler scheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.initialize();
		return scheduler;
	}

}
