package dev.mtlsauthz.bench.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm files that bench.sh --compare keycloak imports (bench/servers/keycloak/):
 * what the comparison relies on, read as Keycloak's RealmRepresentation reads them.
 */
class KeycloakRealmFilesTest {

	private static final Path KEYCLOAK = Path.of("servers/keycloak");

	@ParameterizedTest
	@CsvSource({ "bench-realm.json, bench, RS256", "bench-es256-realm.json, bench-es256, ES256" })
	void realmIssuesCertificateBoundTokensToTheAdaptersClientWithItsSignatureAlgorithm(String file, String realm,
			String algorithm) throws Exception {
		Map<String, Object> representation = JSONObjectUtils.parse(Files.readString(KEYCLOAK.resolve(file)));

		assertThat(representation).containsEntry("realm", realm)
			.containsEntry("enabled", true)
			.containsEntry("defaultSignatureAlgorithm", algorithm);
		List<Object> clients = JSONObjectUtils.getJSONArray(representation, "clients");
		assertThat(clients).hasSize(1);
		@SuppressWarnings("unchecked")
		Map<String, Object> client = (Map<String, Object>) clients.get(0);
		assertThat(client).containsEntry("clientId", adapterSetting("KEYCLOAK_CLIENT_ID"))
			.containsEntry("secret", adapterSetting("KEYCLOAK_CLIENT_SECRET"))
			.containsEntry("enabled", true)
			.containsEntry("publicClient", false)
			.containsEntry("clientAuthenticatorType", "client-secret")
			.containsEntry("serviceAccountsEnabled", true);
		// "OAuth 2.0 Mutual TLS Certificate Bound Access Tokens Enabled" (RFC 8705
		// section 3) in the admin console.
		assertThat(JSONObjectUtils.getJSONObject(client, "attributes"))
			.containsEntry("tls.client.certificate.bound.access.tokens", "true");
		// Without client scopes of its own the realm gets Keycloak's default ones, among
		// them the scope the adapter asks for.
		assertThat(representation).doesNotContainKey("clientScopes");
		assertThat(adapterSetting("KEYCLOAK_SCOPE")).isEqualTo("profile");
	}

	@ParameterizedTest
	@CsvSource({ "bench-realm.json", "bench-es256-realm.json" })
	void adapterNamesEachRealmsIssuer(String file) throws Exception {
		Map<String, Object> representation = JSONObjectUtils.parse(Files.readString(KEYCLOAK.resolve(file)));

		assertThat(Files.readString(KEYCLOAK.resolve("adapter.sh")))
			.contains("/realms/" + representation.get("realm") + "\"");
	}

	/** A {@code NAME=value} line of adapter.sh. */
	private static String adapterSetting(String name) throws Exception {
		return Files.readAllLines(KEYCLOAK.resolve("adapter.sh"))
			.stream()
			.filter(line -> line.startsWith(name + "="))
			.map(line -> line.substring(name.length() + 1))
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + " is not set in adapter.sh"));
	}

}
