package dev.mtlsauthz.authserver.clients;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The registered clients as every authentication sees them:
 * <ul>
 * <li>disabled clients are hidden from every lookup, so that each authentication method
 * fails for them with {@code invalid_client} in the one place, and their stored
 * authorizations read as none ({@code JdbcAuthorizations}), while their registration
 * stays stored;</li>
 * <li>lookups are cached for a few seconds: every token request and every introspection
 * looks its client up, and the stored registration is a row whose settings must be parsed
 * from JSON each time (bench/README.md). A change made through this repository, or a
 * deletion through {@link #evict}, is seen at once on this node; another node sees it
 * within {@link #TIME_TO_LIVE}.</li>
 * <li>no token lifetime is longer than the server's maximum
 * ({@link TokenLifetimeLimits}), whatever was stored.</li>
 * </ul>
 */
public class EnabledClientsRepository implements RegisteredClientRepository {

	static final Duration TIME_TO_LIVE = Duration.ofSeconds(5);

	private static final int MAX_ENTRIES = 10_000;

	private final RegisteredClientRepository delegate;

	private final TokenLifetimeLimits lifetimes;

	private final Clock clock;

	private final Map<String, Cached> byId = new ConcurrentHashMap<>();

	private final Map<String, Cached> byClientId = new ConcurrentHashMap<>();

	public EnabledClientsRepository(RegisteredClientRepository delegate, TokenLifetimeLimits lifetimes) {
		this(delegate, lifetimes, Clock.systemUTC());
	}

	EnabledClientsRepository(RegisteredClientRepository delegate, TokenLifetimeLimits lifetimes, Clock clock) {
		this.delegate = delegate;
		this.lifetimes = lifetimes;
		this.clock = clock;
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

	/** Forgets a client changed or deleted behind this repository's back. */
	public void evict(RegisteredClient client) {
		byId.remove(client.getId());
		byClientId.remove(client.getClientId());
	}

	private RegisteredClient cached(Map<String, Cached> cache, String key, Function<String, RegisteredClient> load) {
		Instant now = clock.instant();
		Cached entry = cache.get(key);
		if (entry != null && now.isBefore(entry.expiresAt())) {
			return entry.client();
		}
		RegisteredClient client = load.apply(key);
		if (client != null) {
			client = lifetimes.limit(client);
		}
		if (cache.size() >= MAX_ENTRIES) {
			cache.clear();
		}
		if (client != null) {
			cache.put(key, new Cached(client, now.plus(TIME_TO_LIVE)));
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
