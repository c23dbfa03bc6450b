package dev.mtlsauthz.bench.oauth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientCredentialsTest {

	@Test
	void clientSecretBasicFormEncodesBeforeJoining() {
		ClientCredentials client = new ClientCredentials("a:b", ClientCredentials.CLIENT_SECRET_BASIC, "s p");

		assertThat(client.authorizationHeader()).isEqualTo("Basic YSUzQWI6cytw");
		assertThat(client.formParameters()).isEmpty();
	}

	@Test
	void tlsClientAuthNamesTheClientInTheForm() {
		ClientCredentials client = new ClientCredentials("pki", ClientCredentials.TLS_CLIENT_AUTH, null);

		assertThat(client.authorizationHeader()).isNull();
		assertThat(client.formParameters()).isEqualTo("&client_id=pki");
	}

}
