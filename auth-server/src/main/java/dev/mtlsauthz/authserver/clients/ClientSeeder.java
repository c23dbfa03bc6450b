package dev.mtlsauthz.authserver.clients;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.io.Resource;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.mtlsauthz.authserver.cluster.ClusterLock;
import dev.mtlsauthz.certs.Pem;

/**
 * Upserts the clients of {@code authserver.clients} (a JSON array of client metadata
 * documents) at start, before the connectors accept requests, so the file is the source
 * of truth for seeded clients: edit it, restart, and the stored registration follows.
 * Clients registered by other means are left alone. Instances of a cluster that start
 * together seed one after the other ({@link ClusterLock}), so the second finds and
 * updates what the first inserted instead of failing on the unique {@code client_id}.
 */
public class ClientSeeder implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(ClientSeeder.class);

	private final Resource clientsFile;

	private final EnabledClientsRepository clients;

	private final PasswordEncoder secretEncoder;

	private final TokenLifetimeLimits lifetimes;

	private final ClusterLock clusterLock;

	private volatile Set<String> seededClientIds = Set.of();

	public ClientSeeder(Resource clientsFile, EnabledClientsRepository clients, PasswordEncoder secretEncoder,
			TokenLifetimeLimits lifetimes, ClusterLock clusterLock) {
		this.clientsFile = clientsFile;
		this.clients = clients;
		this.secretEncoder = secretEncoder;
		this.lifetimes = lifetimes;
		this.clusterLock = clusterLock;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (clientsFile == null) {
			return;
		}
		List<Map<String, Object>> documents;
		try (InputStream in = clientsFile.getInputStream()) {
			documents = JsonMapper.builder().build().readValue(in, new TypeReference<>() {
			});
		}
		catch (IOException | tools.jackson.core.JacksonException ex) {
			throw new IllegalStateException("Cannot read the clients file " + clientsFile + ": " + ex.getMessage(), ex);
		}
		clusterLock.runExclusively("client-seeding", () -> documents.forEach(this::upsert));
		seededClientIds = documents.stream()
			.map(document -> String.valueOf(document.get("client_id")))
			.collect(Collectors.toUnmodifiableSet());
		log.info("Seeded {} clients from {}", documents.size(), clientsFile);
	}

	/**
	 * Whether the client comes from the seed file, which sets it again at every start.
	 */
	public boolean seeded(String clientId) {
		return seededClientIds.contains(clientId);
	}

	private void upsert(Map<String, Object> metadata) {
		RegisteredClient client;
		try {
			client = ClientMetadata.toRegisteredClient(metadata, secretEncoder,
					file -> new ClientMetadata.X509CertificateFile(Pem.readCertificates(Path.of(file)).get(0)));
			lifetimes.check(client);
		}
		catch (InvalidClientMetadataException ex) {
			throw new IllegalStateException(
					"Client " + metadata.get("client_id") + " in " + clientsFile + " is invalid: " + ex.getMessage(),
					ex);
		}
		RegisteredClient stored = clients.findStoredByClientId(client.getClientId());
		if (stored != null) {
			client = RegisteredClient.from(client)
				.id(stored.getId())
				.clientIdIssuedAt(stored.getClientIdIssuedAt())
				.build();
		}
		clients.save(client);
	}

}
