package dev.mtlsauthz.authserver.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * PostgreSQL's {@code NOTIFY} and {@code LISTEN} between the instances of a cluster.
 * <p>
 * Publishing is {@code SELECT pg_notify(channel, payload)} on the application's own
 * connection, so a notice sent inside a transaction leaves when it commits. Listening
 * needs a connection that stays open and is never handed to a request, so the listener
 * opens one of its own, outside the pool (named {@value #APPLICATION_NAME} in
 * {@code pg_stat_activity}), on a daemon thread that waits on the socket: a notice
 * reaches the listeners of every instance within milliseconds of the commit.
 * <p>
 * When that connection drops (a database restart, a network cut, a terminated backend),
 * notices sent meanwhile are lost, so the listener calls every subscriber's
 * {@code onMissed} (which forgets what it cached), waits {@code checkInterval}, and opens
 * a new connection; once it listens again it calls {@code onMissed} once more, for what
 * changed while it was connecting. A connection that died silently, with no reset from
 * the network, is found by a validity check after every {@code checkInterval} without a
 * notice.
 */
public class PostgreSqlNotifications implements ClusterNotifications, SmartLifecycle {

	/** The listener connection's {@code application_name}. */
	public static final String APPLICATION_NAME = "mtls-authz cluster listener";

	private static final Log logger = LogFactory.getLog(PostgreSqlNotifications.class);

	/**
	 * Opens the listener's connection.
	 */
	@FunctionalInterface
	public interface ConnectionFactory {

		Connection open() throws SQLException;

	}

	private final JdbcOperations jdbc;

	private final ConnectionFactory connections;

	private final Duration checkInterval;

	private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();

	private volatile boolean running;

	private volatile boolean listening;

	private volatile Connection connection;

	private Thread thread;

	public PostgreSqlNotifications(JdbcOperations jdbc, ConnectionFactory connections, Duration checkInterval) {
		this.jdbc = jdbc;
		this.connections = connections;
		this.checkInterval = checkInterval;
	}

	@Override
	public void publish(String channel, String payload) {
		jdbc.queryForList("SELECT pg_notify(?, ?)", ClusterNotifications.checkedChannel(channel), payload);
	}

	@Override
	public void subscribe(String channel, Consumer<String> listener, Runnable onMissed) {
		if (running) {
			throw new IllegalStateException("Subscribe before the listener starts");
		}
		subscribers.computeIfAbsent(ClusterNotifications.checkedChannel(channel), name -> new CopyOnWriteArrayList<>())
			.add(new Subscriber(listener, onMissed));
	}

	/** Whether the listener's connection is open and listening on every channel. */
	public boolean listening() {
		return listening;
	}

	@Override
	public synchronized void start() {
		running = true;
		thread = new Thread(this::listen, "cluster-notifications");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public synchronized void stop() {
		running = false;
		Connection open = connection;
		if (open != null) {
			try {
				// Wakes the thread from its wait on the socket.
				open.close();
			}
			catch (SQLException ex) {
				// Closing anyway.
			}
		}
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/**
	 * Before the web server's phase, so that the instance listens before it serves a
	 * request and stops serving before it stops listening.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

	private void listen() {
		while (running) {
			try (Connection opened = connections.open()) {
				connection = opened;
				opened.setAutoCommit(true);
				try (Statement statement = opened.createStatement()) {
					for (String channel : subscribers.keySet()) {
						statement.execute("LISTEN " + channel);
					}
				}
				listening = true;
				missed();
				receive(opened);
			}
			catch (SQLException | RuntimeException ex) {
				listening = false;
				if (!running) {
					return;
				}
				logger.warn("The cluster notification listener lost its database connection (" + ex.getMessage()
						+ "); caches are flushed, reconnecting in " + checkInterval);
				missed();
				pause();
			}
			finally {
				listening = false;
				connection = null;
			}
		}
	}

	private void receive(Connection opened) throws SQLException {
		PGConnection postgresql = opened.unwrap(PGConnection.class);
		int waitMillis = (int) Math.max(1, checkInterval.toMillis());
		while (running) {
			PGNotification[] notifications = postgresql.getNotifications(waitMillis);
			if (notifications == null || notifications.length == 0) {
				if (!opened.isValid((int) Math.max(1, checkInterval.toSeconds()))) {
					throw new SQLException("the connection is no longer valid");
				}
				continue;
			}
			for (PGNotification notification : notifications) {
				subscribers.getOrDefault(notification.getName(), List.of())
					.forEach(subscriber -> subscriber.listener().accept(notification.getParameter()));
			}
		}
	}

	private void missed() {
		subscribers.values().forEach(list -> list.forEach(subscriber -> subscriber.onMissed().run()));
	}

	private void pause() {
		try {
			Thread.sleep(checkInterval.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			running = false;
		}
	}

	private record Subscriber(Consumer<String> listener, Runnable onMissed) {
	}

}
