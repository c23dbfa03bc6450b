package dev.mtlsauthz.authserver.clients;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Hides disabled clients from every lookup, so that each authentication method fails for them with
 * {@code invalid_client} in the one place, while their registration stays stored.
 */
public class EnabledClientsRepository implements RegisteredClientRepository {

    private final RegisteredClientRepository delegate;

    public EnabledClientsRepository(RegisteredClientRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        delegate.save(registeredClient);
    }

    @Override
    public RegisteredClient findById(String id) {
        return enabled(delegate.findById(id));
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return enabled(delegate.findByClientId(clientId));
    }

    /** The stored registration whether or not it is enabled, for seeding and administration. */
    public RegisteredClient findStoredByClientId(String clientId) {
        return delegate.findByClientId(clientId);
    }

    private static RegisteredClient enabled(RegisteredClient client) {
        if (client == null || Boolean.FALSE.equals(client.getClientSettings().getSetting(ClientSettingNames.ENABLED))) {
            return null;
        }
        return client;
    }
}
