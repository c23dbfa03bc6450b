package dev.mtlsauthz.authserver.admin;

import java.net.URL;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2ClientMetadataClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2ClientRegistration;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import dev.mtlsauthz.authserver.clients.ClientDeletion;
import dev.mtlsauthz.authserver.clients.ClientSeeder;
import dev.mtlsauthz.authserver.clients.ClientSettingNames;
import dev.mtlsauthz.authserver.clients.DynamicClientRegistration;
import dev.mtlsauthz.authserver.clients.DynamicClientRegistration.OperatorRegistration;
import dev.mtlsauthz.authserver.clients.EnabledClientsRepository;
import dev.mtlsauthz.certs.Pem;

/**
 * The operator's changes to clients, for the admin API and console alike. Metadata is
 * read and checked by the code of dynamic registration
 * ({@link DynamicClientRegistration}: a new client as an RFC 7591 request, a change as an
 * RFC 7592 update), so an operator can register nothing a client could not register
 * itself. Every change is saved through {@link EnabledClientsRepository}, which tells the
 * other instances of a cluster to forget their copy, and recorded ({@link AdminChanges}).
 *
 * <p>
 * Clients of the seed file ({@link ClientSeeder}) are written again from the file at
 * every start: they can be disabled and enabled here (until the next start), but their
 * metadata, secret and existence are the file's.
 */
public class ClientAdministration {

	/** Where a client comes from, as the API and console show it. */
	public static final String SOURCE = "source";

	private final EnabledClientsRepository clients;

	private final DynamicClientRegistration registration;

	private final ClientDeletion deletion;

	private final ClientSeeder seeder;

	private final JdbcOperations jdbc;

	private final AdminChanges changes;

	public ClientAdministration(EnabledClientsRepository clients, DynamicClientRegistration registration,
			ClientDeletion deletion, ClientSeeder seeder, JdbcOperations jdbc, AdminChanges changes) {
		this.clients = clients;
		this.registration = registration;
		this.deletion = deletion;
		this.seeder = seeder;
		this.jdbc = jdbc;
		this.changes = changes;
	}

	/**
	 * One page of clients whose {@code client_id} or name contains {@code search}
	 * (ignoring case), by {@code client_id}.
	 */
	public AdminPage<Map<String, Object>> list(String search, int page, int size) {
		AdminPage.Window window = AdminPage.window(page, size);
		String pattern = "%" + (search == null ? "" : search.trim().toLowerCase(Locale.ROOT)) + "%";
		List<String> clientIds = jdbc
			.queryForList("SELECT client_id FROM oauth2_registered_client WHERE LOWER(client_id) LIKE ? "
					+ "OR LOWER(COALESCE(client_name, '')) LIKE ? ORDER BY client_id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY",
					String.class, pattern, pattern, window.offset(), window.limit());
		List<Map<String, Object>> found = new ArrayList<>();
		for (String clientId : clientIds) {
			RegisteredClient client = clients.findStoredByClientId(clientId);
			if (client != null) {
				found.add(describe(client));
			}
		}
		return window.page(found);
	}

	/** The client's registered metadata, whether it is enabled, and its source. */
	public Map<String, Object> read(String clientId) {
		return describe(stored(clientId));
	}

	/**
	 * Registers a client, checked as RFC 7591 registration checks it.
	 * @return its metadata, with its {@code client_secret} (shown this once) if its
	 * method uses one
	 */
	public Map<String, Object> create(OAuth2ClientRegistration request) {
		OperatorRegistration registered = registration.registerForOperator(request);
		clients.save(registered.client());
		changes.recordClientChange("client.create", registered.client().getClientId());
		return withSecret(describe(registered.client()), registered.clientSecret());
	}

	/**
	 * Replaces a client's metadata (RFC 7592 section 2.2: fields left out are removed).
	 */
	public Map<String, Object> update(String clientId, OAuth2ClientRegistration request) {
		RegisteredClient stored = changeable(clientId);
		Map<String, Object> claims = new LinkedHashMap<>(request.getClaims());
		claims.putIfAbsent(OAuth2ClientMetadataClaimNames.CLIENT_ID, clientId);
		RegisteredClient updated = registration.update(stored, OAuth2ClientRegistration.withClaims(claims).build());
		clients.save(updated);
		changes.recordClientChange("client.update", clientId);
		return describe(updated);
	}

	public Map<String, Object> setEnabled(String clientId, boolean enabled) {
		RegisteredClient stored = stored(clientId);
		RegisteredClient changed = RegisteredClient.from(stored)
			.clientSettings(ClientSettings.withSettings(stored.getClientSettings().getSettings())
				.setting(ClientSettingNames.ENABLED, enabled)
				.build())
			.build();
		clients.save(changed);
		changes.recordClientChange(enabled ? "client.enable" : "client.disable", clientId);
		return describe(changed);
	}

	/**
	 * Deletes the client with its authorizations and consents (its tokens stop working).
	 */
	public void delete(String clientId) {
		RegisteredClient stored = changeable(clientId);
		deletion.delete(stored);
		clients.evict(stored);
		changes.recordClientChange("client.delete", clientId);
	}

	/**
	 * A new secret for a client that authenticates with one ({@code client_secret_basic}
	 * or {@code client_secret_post}); the old one stops working at once.
	 * @return the client's metadata with the new {@code client_secret}, shown this once
	 */
	public Map<String, Object> rotateSecret(String clientId) {
		RegisteredClient stored = changeable(clientId);
		boolean hashedSecret = stored.getClientAuthenticationMethods()
			.stream()
			.anyMatch(method -> ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)
					|| ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method));
		if (!hashedSecret
				|| stored.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.CLIENT_SECRET_JWT)) {
			throw AdminRequestException.invalidRequest("client " + clientId
					+ " does not authenticate with client_secret_basic or client_secret_post, so it has no secret to rotate");
		}
		OperatorRegistration rotated = registration.rotateSecret(stored);
		clients.save(rotated.client());
		changes.recordClientChange("client.rotate_secret", clientId);
		return withSecret(describe(rotated.client()), rotated.clientSecret());
	}

	/**
	 * Adds a certificate to the {@code jwks} of a {@code self_signed_tls_client_auth}
	 * client (RFC 8705 section 2.2.2), replacing none of the registered ones, so that the
	 * client can move to it (section 7.1); checked as an RFC 7592 update of its
	 * {@code jwks}.
	 * @param pem the certificate, PEM encoded
	 */
	public Map<String, Object> registerCertificate(String clientId, String pem) {
		RegisteredClient stored = changeable(clientId);
		if (!stored.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH)) {
			throw AdminRequestException.invalidRequest("client " + clientId
					+ " does not use self_signed_tls_client_auth; its certificates are not registered");
		}
		JWK certificate = certificateJwk(pem);
		Map<String, Object> metadata = new LinkedHashMap<>(registration.clientInformation(stored).getClaims());
		List<JWK> keys = new ArrayList<>(registeredKeys(stored));
		keys.removeIf(
				key -> key.getX509CertChain() != null && key.getX509CertChain().equals(certificate.getX509CertChain()));
		keys.add(certificate);
		metadata.put("jwks", new JWKSet(keys).toJSONObject(true));
		metadata.remove(OAuth2ClientMetadataClaimNames.JWKS_URI);
		RegisteredClient updated = registration.update(stored, OAuth2ClientRegistration.withClaims(metadata).build());
		clients.save(updated);
		changes.recordClientChange("client.register_certificate", clientId);
		return describe(updated);
	}

	/**
	 * A PEM certificate as a JWK with its {@code x5c}, as RFC 8705 section 2.2 registers
	 * it.
	 */
	static JWK certificateJwk(String pem) {
		List<X509Certificate> certificates;
		try {
			certificates = Pem.parseCertificates(pem == null ? "" : pem);
			if (certificates.size() == 1) {
				return JWK.parse(certificates.get(0));
			}
		}
		catch (JOSEException | RuntimeException ex) {
			// Refused below, without the parser's words.
		}
		throw AdminRequestException.invalidRequest("certificate: must be one PEM-encoded X.509 certificate");
	}

	private List<JWK> registeredKeys(RegisteredClient client) {
		Object jwks = client.getClientSettings().getSetting(ClientSettingNames.JWKS);
		if (!(jwks instanceof String json)) {
			return List.of();
		}
		try {
			return JWKSet.parse(json).getKeys();
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Stored jwks of client " + client.getClientId() + " is invalid", ex);
		}
	}

	private RegisteredClient stored(String clientId) {
		RegisteredClient client = clientId == null ? null : clients.findStoredByClientId(clientId);
		if (client == null) {
			throw AdminRequestException.notFound("client " + clientId);
		}
		return client;
	}

	private RegisteredClient changeable(String clientId) {
		RegisteredClient client = stored(clientId);
		if (seeder.seeded(clientId)) {
			throw AdminRequestException.conflict("client " + clientId
					+ " comes from the seed file (authserver.clients), which is applied again at every "
					+ "start: change it there. Seeded clients can only be disabled and enabled here.");
		}
		return client;
	}

	/**
	 * The client's metadata as RFC 7591 names it, in plain JSON values, with
	 * {@code enabled} and {@value #SOURCE}: {@code seed} (the seed file),
	 * {@code registration} (RFC 7591, managed by the client with its registration access
	 * token) or {@code admin}.
	 */
	private Map<String, Object> describe(RegisteredClient client) {
		Map<String, Object> metadata = metadata(client);
		boolean registered = client.getClientSettings()
			.getSetting(ClientSettingNames.REGISTRATION_ACCESS_TOKEN_HASH) != null;
		if (!registered) {
			metadata.remove("registration_client_uri");
		}
		metadata.put("enabled",
				!Boolean.FALSE.equals(client.getClientSettings().getSetting(ClientSettingNames.ENABLED)));
		metadata.put(SOURCE, seeder.seeded(client.getClientId()) ? "seed" : registered ? "registration" : "admin");
		return metadata;
	}

	private Map<String, Object> metadata(RegisteredClient client) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		registration.clientInformation(client).getClaims().forEach((name, value) -> {
			if (value instanceof Instant instant) {
				metadata.put(name, instant.getEpochSecond());
			}
			else if (value instanceof URL url) {
				metadata.put(name, url.toString());
			}
			else if (OAuth2ClientMetadataClaimNames.SCOPE.equals(name) && value instanceof Collection<?> scopes) {
				metadata.put(name, String.join(" ", scopes.stream().map(String::valueOf).toList()));
			}
			else {
				metadata.put(name, value);
			}
		});
		return metadata;
	}

	private static Map<String, Object> withSecret(Map<String, Object> metadata, String secret) {
		if (secret != null) {
			metadata.put(OAuth2ClientMetadataClaimNames.CLIENT_SECRET, secret);
		}
		return metadata;
	}

}
