package dev.mtlsauthz.authserver.keys;

import java.text.ParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.mtlsauthz.authserver.keys.JdbcSigningKeys.Row;

/**
 * This instance's copy of the key set in the database, read again every
 * {@code authserver.keys.refresh-interval}: the JWK Set it publishes (next, active and
 * retired keys), the keys that verify its own tokens, and the key that signs each token
 * ({@link #signingKey}). Kept in memory and safe to lose: the database is the truth, and
 * an instance that has not yet seen a change signs with a key that every instance still
 * publishes (a retired key stays published longer than one refresh interval).
 * <p>
 * When the database cannot be read, the last copy stays in use.
 */
public class SigningKeySet implements JWKSource<SecurityContext> {

	private static final Log logger = LogFactory.getLog(SigningKeySet.class);

	private final JdbcSigningKeys store;

	private final KeyEncryptionKeys encryption;

	private volatile Snapshot snapshot = new Snapshot(List.of());

	SigningKeySet(JdbcSigningKeys store, KeyEncryptionKeys encryption) {
		this.store = store;
		this.encryption = encryption;
	}

	/** Reads the key set from the database. */
	public void refresh() {
		Map<String, JWK> decrypted = new HashMap<>();
		snapshot.entries().forEach(entry -> decrypted.put(entry.key().kid(), entry.jwk()));
		List<Entry> entries = store.findAll().stream().map(row -> entry(row, decrypted.get(row.key().kid()))).toList();
		Snapshot refreshed = new Snapshot(entries);
		if (!refreshed.keys().equals(snapshot.keys())) {
			logger.info("Signing keys: " + refreshed.describe());
		}
		snapshot = refreshed;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		return selector.select(snapshot.jwkSet());
	}

	/** Every key, without key material. */
	public List<SigningKey> keys() {
		return snapshot.keys();
	}

	/**
	 * The key that signs a token asked to be signed with {@code requested}: the active
	 * key of that algorithm; while a newly configured algorithm's key is still next, the
	 * active key that signed before it, so that an algorithm change waits for its
	 * publish-ahead time like any rotation.
	 * @throws IllegalStateException when no active key can sign (its key-encryption key
	 * is missing)
	 */
	public Entry signingKey(String requested) {
		List<Entry> signing = snapshot.entries()
			.stream()
			.filter(entry -> entry.key().state() == SigningKeyState.ACTIVE && entry.jwk().isPrivate())
			.toList();
		Optional<Entry> exact = signing.stream()
			.filter(entry -> entry.key().algorithm().getName().equals(requested))
			.findFirst();
		return exact.or(() -> signing.stream().max(Comparator.comparing(entry -> entry.key().activatesAt())))
			.orElseThrow(() -> new IllegalStateException("No signing key can sign a " + requested
					+ " token: no active key, or its key-encryption key is not configured"));
	}

	private Entry entry(Row row, JWK known) {
		if (known != null && known.isPrivate()) {
			return new Entry(row.key(), known);
		}
		try {
			if (row.privateJwk() != null && encryption.has(row.kekId())) {
				return new Entry(row.key(), encryption.decrypt(row.privateJwk(), row.key().kid()));
			}
			if (row.plaintextJwk() != null) {
				return new Entry(row.key(), JWK.parse(row.plaintextJwk()));
			}
			if (row.key().state() != SigningKeyState.RETIRED) {
				logger.error("Signing key " + row.key().kid() + " is encrypted with key-encryption key '" + row.kekId()
						+ "', which is not in authserver.keys.encryption.keys: this instance cannot sign with it");
			}
			return new Entry(row.key(), JWK.parse(row.publicJwk()));
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Stored signing key " + row.key().kid() + " is not a JWK", ex);
		}
	}

	/**
	 * A key and its JWK: private when this instance can sign with it, else public.
	 *
	 * @param key the key's state and times
	 * @param jwk the JWK
	 */
	public record Entry(SigningKey key, JWK jwk) {
	}

	private record Snapshot(List<Entry> entries, List<SigningKey> keys, JWKSet jwkSet) {

		Snapshot(List<Entry> entries) {
			this(entries, entries.stream().map(Entry::key).toList(),
					new JWKSet(entries.stream().map(Entry::jwk).toList()));
		}

		String describe() {
			StringBuilder description = new StringBuilder();
			for (SigningKey key : keys) {
				description.append(description.isEmpty() ? "" : ", ")
					.append(key.kid())
					.append(' ')
					.append(key.algorithm().getName())
					.append(' ')
					.append(key.state().value());
			}
			return description.toString();
		}

	}

}
