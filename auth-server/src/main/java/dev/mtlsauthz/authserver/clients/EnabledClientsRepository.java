package dev.mtlsauthz.authserver.clients;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import dev.mtlsauthz.authserver.cluster.ClusterNotifications;

/**
 * The registered clients as every authentication sees them:
 * <ul>
 * <li>disabled clients are hidden from every lookup, so that each authentication method
 * fails for them with {@code invalid_client} in the one place, and their stored
 * authorizations read as none ({@code JdbcAuthorizations}), while their registration
 * stays stored;</li>
 * <li>lookups are cached: every token request and every introspection looks its client
 * up, and the stored registration is a row whose settings must be parsed from JSON each
 * time (bench/README.md).</li>
 * <li>no token lifetime is longer than the server's maximum
 * ({@link TokenLifetimeLimits}), whatever was stored.</li>
 * </ul>
 * The cache is safe to lose and kept coherent across a cluster: a change made through
 * this repository, or a deletion announced through {@link #evict}, is forgotten at once
 * on this instance and announced on the {@value #CHANNEL} channel of
 * {@link ClusterNotifications}, at which every other instance forgets it too, within
 * milliseconds. A notice can be lost (while the listener reconnects, when it also forgets
 * everything), so no copy is used for longer than {@code timeToLive}
 * ({@code authserver.cluster.client-cache-time-to-live}) either: that is the bound on how
 * long another instance can see a client as it was.
 */
public class EnabledClientsRepository implements RegisteredClientRepository {

	/** The notification channel of changed clients; the payload is the client's id. */
	public static final String CHANNEL = "authserver_client_changed";

	private static final int MAX_ENTRIES = 10_000;

	private final RegisteredClientRepository delegate;

	private final ClusterNotifications notifications;

	private final Duration timeToLive;

	private final TokenLifetimeLimits lifetimes;

	private final Clock clock;

	private final Map<String, Cached> byId = new ConcurrentHashMap<>();

	private final Map<String, Cached> byClientId = new ConcurrentHashMap<>();

	/**
	 * Counts evictions, so that a lookup that read the database before an eviction does
	 * not cache what it read after it: that copy may be the one the eviction was about.
	 */
	private final AtomicLong evictions = new AtomicLong();

	public EnabledClientsRepository(RegisteredClientRepository delegate, ClusterNotifications notifications,
			Duration timeToLive, TokenLifetimeLimits lifetimes) {
		this(delegate, notifications, timeToLive, lifetimes, Clock.systemUTC());
	}

	EnabledClientsRepository(RegisteredClientRepository delegate, ClusterNotifications notifications,
			Duration timeToLive, TokenLifetimeLimits lifetimes, Clock clock) {
		this.delegate = delegate;
		this.notifications = notifications;
		this.timeToLive = timeToLive;
		this.lifetimes = lifetimes;
		this.clock = clock;
		notifications.subscribe(CHANNEL, this::forget, this::forgetAll);
	}

	@Override
	public void save(RegisteredClient registeredClient) {
		delegate.save(registeredClient);
		evict(registeredClient);
	}

	@Override
	public RegisteredClient findById(String id) {
		return enabled(cached(byId, id, delegate::findById));
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return enabled(cached(byClientId, clientId, delegate::findByClientId));
	}

	/**
	 * The stored registration whether or not it is enabled, for seeding and
	 * administration; never cached.
	 */
	public RegisteredClient findStoredByClientId(String clientId) {
		return delegate.findByClientId(clientId);
	}

	/**
	 * Forgets a client changed or deleted behind this repository's back, here and, once
	 * the current transaction (if any) commits, on every other instance.
	 */
	public void evict(RegisteredClient client) {
		forget(client.getId());
		notifications.publish(CHANNEL, client.getId());
	}

	private void forget(String id) {
		evictions.incrementAndGet();
		Cached byIdEntry = byId.remove(id);
		if (byIdEntry != null) {
			byClientId.remove(byIdEntry.client().getClientId());
		}
		byClientId.values().removeIf(entry -> entry.client().getId().equals(id));
	}

	private void forgetAll() {
		evictions.incrementAndGet();
		byId.clear();
		byClientId.clear();
	}

	private RegisteredClient cached(Map<String, Cached> cache, String key, Function<String, RegisteredClient> load) {
		Instant now = clock.instant();
		Cached entry = cache.get(key);
		if (entry != null && now.isBefore(entry.expiresAt())) {
			return entry.client();
		}
		long evictionsBefore = evictions.get();
		RegisteredClient client = load.apply(key);
		if (client != null) {
			client = lifetimes.limit(client);
		}
		if (cache.size() >= MAX_ENTRIES) {
			cache.clear();
		}
		if (client != null && evictions.get() == evictionsBefore) {
			cache.put(key, new Cached(client, now.plus(timeToLive)));
		}
		return client;
	}

	private static RegisteredClient enabled(RegisteredClient client) {
		if (client == null || Boolean.FALSE.equals(client.getClientSettings().getSetting(ClientSettingNames.ENABLED))) {
			return null;
		}
		return client;
	}

	private record Cached(RegisteredClient client, Instant expiresAt) {
	}

}
