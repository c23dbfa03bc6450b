package dev.mtlsauthz.authserver.cluster;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Short notices from one instance to every instance on the same database, the sender
 * included, so that an instance forgets what it cached when another changes it: on
 * PostgreSQL, {@code NOTIFY} and {@code LISTEN} ({@link PostgreSqlNotifications}); on an
 * embedded database, which serves one instance, a call of the local listeners
 * ({@link LocalNotifications}).
 * <p>
 * A notice is a hint, not a message to rely on: one can be lost, when the listening
 * connection drops. Each subscriber therefore says what to do then ({@code onMissed}:
 * forget everything), and keeps a bound of its own on how long it trusts a cached value.
 */
public interface ClusterNotifications {

	/**
	 * Tells every instance, this one included. Inside a transaction the notice is sent
	 * when the transaction commits, and not at all if it rolls back.
	 * @param channel a lower-case name ({@code [a-z_]+})
	 * @param payload what changed, at most a few hundred bytes
	 */
	void publish(String channel, String payload);

	/**
	 * Calls {@code listener} with the payload of every notice on the channel, and
	 * {@code onMissed} whenever notices may have been lost (the listening connection
	 * dropped or was opened again). Subscribe while the application starts, before the
	 * listener runs.
	 */
	void subscribe(String channel, Consumer<String> listener, Runnable onMissed);

	/**
	 * Checks a channel name, which PostgreSQL's {@code LISTEN} takes as an identifier.
	 */
	static String checkedChannel(String channel) {
		if (!Pattern.matches("[a-z_]{1,63}", channel)) {
			throw new IllegalArgumentException("A channel name is [a-z_]{1,63}: " + channel);
		}
		return channel;
	}

}
