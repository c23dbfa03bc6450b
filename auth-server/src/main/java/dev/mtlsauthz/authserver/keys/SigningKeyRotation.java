package dev.mtlsauthz.authserver.keys;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.JWK;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.mtlsauthz.authserver.AuthServerProperties;
import dev.mtlsauthz.authserver.keys.JdbcSigningKeys.Row;

/**
 * The life of the signing keys, decided in the database under the key set's lock
 * ({@link JdbcSigningKeys#locked}), so that a cluster has one key set whatever the order
 * in which its instances start or check:
 * <ul>
 * <li>on an empty key set, one <em>active</em> key per configured algorithm (nothing can
 * have cached a key yet);</li>
 * <li>{@code publish-ahead} before the active key has signed for {@code interval}, a
 * <em>next</em> key, published in the JWK Set but not yet signing; likewise at once for a
 * newly configured algorithm (an algorithm change is a rotation) and on demand
 * ({@link #rotate()});</li>
 * <li>when a next key's time comes, it becomes active and the key it replaces
 * <em>retired</em>: still published, so that the tokens it signed keep verifying, until
 * the longest lifetime of a token it may have signed has passed (plus the clock skew, the
 * key set's refresh interval during which another instance may still have signed with it,
 * and at least {@code retention}); then it is deleted.</li>
 * </ul>
 * Every step depends only on the stored times and the clock, so a check run twice, or by
 * every instance of a cluster in turn, does its work once. The same check encrypts keys
 * still stored in clear (before V10) and encrypts again those under a key-encryption key
 * other than the current one.
 */
public class SigningKeyRotation {

	private static final Log logger = LogFactory.getLog(SigningKeyRotation.class);

	private final JdbcSigningKeys store;

	private final KeyEncryptionKeys encryption;

	private final AuthServerProperties.Keys settings;

	private final Supplier<Duration> longestTokenLifetime;

	private final Clock clock;

	/**
	 * @param longestTokenLifetime the longest lifetime of a token signed now
	 * ({@link LongestTokenLifetime})
	 */
	SigningKeyRotation(JdbcSigningKeys store, KeyEncryptionKeys encryption, AuthServerProperties.Keys settings,
			Supplier<Duration> longestTokenLifetime, Clock clock) {
		this.store = store;
		this.encryption = encryption;
		this.settings = settings;
		this.longestTokenLifetime = longestTokenLifetime;
		this.clock = clock;
	}

	/**
	 * Does what is due now: run by every instance at start and every
	 * {@code authserver.keys.refresh-interval}.
	 */
	public void check() {
		store.locked(() -> {
			apply(now(), false);
			return null;
		});
	}

	/**
	 * Rotation on demand: publishes a next key for every configured algorithm that has
	 * none, which signs from {@code publish-ahead} from now, after the resource servers
	 * had time to fetch it.
	 * @return the key set afterwards
	 */
	public List<SigningKey> rotate() {
		return store.locked(() -> {
			apply(now(), true);
			return store.findAll().stream().map(Row::key).toList();
		});
	}

	/**
	 * Retirement on demand, for a key that must stop signing now (a key suspected of
	 * compromise, or an algorithm withdrawn early): an active key is retired at once and
	 * the next key of its algorithm signs in its place from now, or, when none is
	 * published yet, a new key does (resource servers fetch the key set again when they
	 * meet its unknown {@code kid}). A next key, which never signed, is withdrawn. The
	 * retired key stays published, verifying only, until every token it signed has
	 * expired; other instances follow at their next refresh.
	 * @param kid the key's id
	 * @return the key set afterwards, or empty when there is no such key
	 */
	public Optional<List<SigningKey>> retire(String kid) {
		return store.locked(() -> {
			Instant now = now();
			List<Row> rows = store.findAll();
			Optional<Row> found = rows.stream().filter(row -> row.key().kid().equals(kid)).findFirst();
			if (found.isEmpty()) {
				return Optional.empty();
			}
			SigningKey key = found.get().key();
			if (key.state() == SigningKeyState.NEXT) {
				store.delete(kid);
				logger.info("Withdrew the next signing key " + kid + " (" + key.algorithm().getName()
						+ ") on demand; it never signed");
			}
			else if (key.state() == SigningKeyState.ACTIVE) {
				Optional<Row> next = findRow(rows, key.algorithm(), SigningKeyState.NEXT);
				// Retire first: at no time do two keys of one algorithm sign (a unique
				// index).
				retire(found.get(), now);
				if (next.isPresent()) {
					store.update(next.get().with(next.get().key().activated(now)));
					logger.info("Signing key " + next.get().key().kid() + " (" + key.algorithm().getName()
							+ ") signs from now, ahead of its time, in place of the retired " + kid);
				}
				else {
					SigningKey replacement = insert(key.algorithm(), SigningKeyState.ACTIVE);
					logger.info("Signing key " + replacement.kid() + " (" + key.algorithm().getName()
							+ ") signs from now, in place of the retired " + kid);
				}
			}
			return Optional.of(store.findAll().stream().map(Row::key).toList());
		});
	}

	/**
	 * Microseconds, as PostgreSQL and H2 store them: a time stored rounded up would come
	 * a little after the same time read from the clock.
	 */
	private Instant now() {
		return clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	private void apply(Instant now, boolean onDemand) {
		if (logger.isDebugEnabled()) {
			logger.debug("Rotation check at " + now + (onDemand ? ", rotating on demand" : ""));
		}
		List<Row> rows = encryptAtRest(store.findAll());
		rows = removeExpired(rows, now);
		publishNext(rows, now, onDemand);
		promote(store.findAll(), now);
		retireUnconfigured(store.findAll(), now);
	}

	/** Keys stored in clear, or under another KEK than the current one, are encrypted. */
	private List<Row> encryptAtRest(List<Row> rows) {
		List<Row> result = new ArrayList<>();
		for (Row row : rows) {
			JWK privateKey = null;
			if (row.plaintextJwk() != null) {
				privateKey = parse(row.plaintextJwk());
				logger.info("Encrypting signing key " + row.key().kid()
						+ ", stored in clear, under key-encryption key '" + encryption.currentKeyId() + "'");
			}
			else if (!encryption.currentKeyId().equals(row.kekId()) && encryption.has(row.kekId())) {
				privateKey = encryption.decrypt(row.privateJwk(), row.key().kid());
				logger.info("Encrypting signing key " + row.key().kid() + " again, from key-encryption key '"
						+ row.kekId() + "' to '" + encryption.currentKeyId() + "'");
			}
			if (privateKey != null) {
				row = new Row(row.key(), privateKey.toPublicJWK().toJSONString(), encryption.encrypt(privateKey),
						encryption.currentKeyId(), null);
				store.update(row);
			}
			result.add(row);
		}
		return result;
	}

	private List<Row> removeExpired(List<Row> rows, Instant now) {
		List<Row> kept = new ArrayList<>();
		for (Row row : rows) {
			SigningKey key = row.key();
			if (key.state() == SigningKeyState.RETIRED && key.removesAt() == null) {
				// Retired by migration V10 (a duplicate key of a cluster before it).
				row = row.with(key.retired(key.retiredAt(), removal(key.retiredAt())));
				store.update(row);
			}
			if (row.key().state() == SigningKeyState.RETIRED && !now.isBefore(row.key().removesAt())) {
				store.delete(key.kid());
				logger.info("Removed retired signing key " + key.kid() + " (" + key.algorithm().getName()
						+ "): every token it signed has expired");
			}
			else {
				kept.add(row);
			}
		}
		return kept;
	}

	private void publishNext(List<Row> rows, Instant now, boolean onDemand) {
		boolean nothingSigns = rows.stream().noneMatch(row -> row.key().state() == SigningKeyState.ACTIVE);
		for (SigningAlgorithm algorithm : settings.signingAlgorithms()) {
			Optional<SigningKey> active = find(rows, algorithm, SigningKeyState.ACTIVE);
			Optional<SigningKey> next = find(rows, algorithm, SigningKeyState.NEXT);
			if (next.isPresent()) {
				continue;
			}
			if (active.isEmpty() && nothingSigns) {
				insert(algorithm, SigningKeyState.ACTIVE);
				logger.info("No signing key yet: a " + algorithm.getName() + " key signs from now");
			}
			else if (active.isEmpty() || onDemand || due(active.get(), now)) {
				SigningKey key = insert(algorithm, SigningKeyState.NEXT);
				logger.info("Published the next " + algorithm.getName() + " signing key " + key.kid()
						+ "; it signs from " + key.activatesAt() + (active.isEmpty() ? " (a new algorithm)"
								: onDemand ? " (rotation on demand)" : " (scheduled rotation)"));
			}
		}
	}

	private boolean due(SigningKey active, Instant now) {
		AuthServerProperties.Rotation rotation = settings.rotation();
		return rotation.enabled()
				&& !now.isBefore(active.activatesAt().plus(rotation.interval()).minus(rotation.publishAhead()));
	}

	private void promote(List<Row> rows, Instant now) {
		for (SigningAlgorithm algorithm : settings.signingAlgorithms()) {
			Optional<Row> next = findRow(rows, algorithm, SigningKeyState.NEXT);
			if (next.isEmpty() || now.isBefore(next.get().key().activatesAt())) {
				continue;
			}
			// Retire first: at no time do two keys of one algorithm sign (a unique
			// index).
			findRow(rows, algorithm, SigningKeyState.ACTIVE).ifPresent(active -> retire(active, now));
			store.update(next.get().with(next.get().key().activated(now)));
			logger.info("Signing key " + next.get().key().kid() + " (" + algorithm.getName() + ") signs from now");
		}
	}

	/**
	 * After an algorithm change, the key of the algorithm no longer configured signs
	 * until every configured algorithm has an active key; a next key of such an
	 * algorithm, which never signed, is deleted.
	 */
	private void retireUnconfigured(List<Row> rows, Instant now) {
		List<SigningAlgorithm> configured = settings.signingAlgorithms();
		boolean everyConfiguredSigns = configured.stream()
			.allMatch(algorithm -> find(rows, algorithm, SigningKeyState.ACTIVE).isPresent());
		for (Row row : rows) {
			SigningKey key = row.key();
			if (configured.contains(key.algorithm())) {
				continue;
			}
			if (key.state() == SigningKeyState.NEXT) {
				store.delete(key.kid());
				logger.info("Removed the next signing key " + key.kid() + ": " + key.algorithm().getName()
						+ " is no longer configured");
			}
			else if (key.state() == SigningKeyState.ACTIVE && everyConfiguredSigns) {
				retire(row, now);
			}
		}
	}

	private void retire(Row row, Instant now) {
		Instant removesAt = removal(now);
		store.update(row.with(row.key().retired(now, removesAt)));
		logger.info("Retired signing key " + row.key().kid() + " (" + row.key().algorithm().getName()
				+ "); it stays published until " + removesAt);
	}

	/**
	 * When a key retired at {@code retiredAt} may be deleted: every token it signed has
	 * expired, counting the instances that still sign with it until their next refresh,
	 * and clocks that run behind.
	 */
	private Instant removal(Instant retiredAt) {
		Duration lastToken = longestTokenLifetime.get()
			.plus(settings.rotation().clockSkew())
			.plus(settings.refreshInterval());
		Duration kept = lastToken.compareTo(settings.rotation().retention()) > 0 ? lastToken
				: settings.rotation().retention();
		return retiredAt.plus(kept);
	}

	private SigningKey insert(SigningAlgorithm algorithm, SigningKeyState state) {
		JWK privateKey = algorithm.generate();
		// Timed once the key exists: generating it may take seconds on a busy machine,
		// and
		// the publish-ahead time counts from when it is stored.
		Instant created = now();
		Instant activatesAt = state == SigningKeyState.ACTIVE ? created
				: created.plus(settings.rotation().publishAhead());
		SigningKey key = new SigningKey(privateKey.getKeyID(), algorithm, state, created, activatesAt, null, null);
		store.insert(new Row(key, privateKey.toPublicJWK().toJSONString(), encryption.encrypt(privateKey),
				encryption.currentKeyId(), null));
		return key;
	}

	private static Optional<SigningKey> find(List<Row> rows, SigningAlgorithm algorithm, SigningKeyState state) {
		return findRow(rows, algorithm, state).map(Row::key);
	}

	private static Optional<Row> findRow(List<Row> rows, SigningAlgorithm algorithm, SigningKeyState state) {
		return rows.stream()
			.filter(row -> row.key().algorithm() == algorithm && row.key().state() == state)
			.max(Comparator.comparing(row -> row.key().createdAt()));
	}

	private static JWK parse(String json) {
		try {
			return JWK.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored signing key is not a JWK", ex);
		}
	}

}
