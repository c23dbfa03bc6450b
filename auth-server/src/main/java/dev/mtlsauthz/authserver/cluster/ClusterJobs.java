package dev.mtlsauthz.authserver.cluster;

import java.time.Duration;
import java.time.Instant;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;

import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * Runs a scheduled job once per interval across every instance on the database, not once
 * per instance. Each instance still ticks at the job's interval; a tick runs the job only
 * when it takes the job's row of the {@code shedlock} table, which it then holds for nine
 * tenths of the interval, whether the job took a millisecond or longer. So the instance
 * that ran the job last finds the row free again at its next tick (the tenth absorbs
 * timer jitter), while every other instance's tick, falling inside the held time, is
 * skipped. If that instance stops, the next tick of another one after the row lapses runs
 * the job: at most about two intervals pass between two runs.
 * <p>
 * The row lapses after one interval at the latest, so a job whose instance was killed
 * while running it runs again at the next interval. A run longer than its interval may
 * therefore overlap the next one on another instance: jobs given to this class must be
 * idempotent (the purge deletes rows that another purge may already have deleted; the key
 * rotation takes its own database lock). Lock times are the database's clock, never an
 * instance's, so clock skew between instances does not matter.
 * <p>
 * Why ShedLock rather than a lease row of our own: it is exactly that lease row (one
 * {@code UPDATE ... WHERE lock_until <= now}, with the database's time), already written
 * for H2 and PostgreSQL and kept up by its author.
 */
public class ClusterJobs {

	private final LockingTaskExecutor executor;

	public ClusterJobs(LockProvider locks) {
		this.executor = new DefaultLockingTaskExecutor(locks);
	}

	/**
	 * The job as a task for a scheduler that runs it every {@code interval} on each
	 * instance ({@code ScheduledTaskRegistrar.addFixedDelayTask}, or a fixed rate). With
	 * a fixed delay, the instance that ran the job ticks again one interval after the run
	 * ended, so at least nine tenths of the interval after it took the row.
	 * @param name the job's name, its row in the {@code shedlock} table (at most 64
	 * characters)
	 * @param interval the job's interval
	 * @param job the job, idempotent
	 */
	public Runnable oncePerInterval(String name, Duration interval, Runnable job) {
		return () -> runIfDue(name, interval, job);
	}

	/**
	 * The job, scheduled every {@code interval} on each instance with a fixed delay and
	 * run {@link #oncePerInterval once per interval} across the cluster: what a feature's
	 * configuration returns as its {@code SchedulingConfigurer} bean.
	 * @param name the job's name, its row in the {@code shedlock} table
	 * @param interval the job's interval
	 * @param job the job, idempotent
	 */
	public SchedulingConfigurer schedule(String name, Duration interval, Runnable job) {
		Runnable task = oncePerInterval(name, interval, job);
		return tasks -> tasks.addFixedDelayTask(task, interval);
	}

	/**
	 * Runs the job now unless an instance ran it less than nine tenths of
	 * {@code interval} ago, or is running it; returns whether this call ran it.
	 */
	public boolean runIfDue(String name, Duration interval, Runnable job) {
		boolean[] ran = { false };
		executor.executeWithLock((Runnable) () -> {
			ran[0] = true;
			job.run();
		}, new LockConfiguration(Instant.now(), name, interval, interval.multipliedBy(9).dividedBy(10)));
		return ran[0];
	}

}
