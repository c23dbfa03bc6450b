package dev.mtlsauthz.authserver.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The notices of an embedded database (H2), which one instance alone can open: a notice
 * reaches this instance's listeners at once, and none is ever lost.
 */
public class LocalNotifications implements ClusterNotifications {

	private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

	@Override
	public void publish(String channel, String payload) {
		listeners.getOrDefault(ClusterNotifications.checkedChannel(channel), List.of())
			.forEach(listener -> listener.accept(payload));
	}

	@Override
	public void subscribe(String channel, Consumer<String> listener, Runnable onMissed) {
		listeners.computeIfAbsent(ClusterNotifications.checkedChannel(channel), name -> new CopyOnWriteArrayList<>())
			.add(listener);
	}

}
