package dev.mtlsauthz.bench.compare;

import java.net.URI;

import dev.mtlsauthz.bench.oauth.ClientCredentials;

/**
 * One RFC 8705 authorization server in a comparison: where its token endpoint is found,
 * the client that asks it for certificate-bound tokens, and the processes whose memory is
 * reported.
 *
 * @param name the name in the table, e.g. {@code keycloak}
 * @param issuer the issuer whose metadata names the token endpoint (its
 * {@code mtls_endpoint_aliases} where it has them), signing with RS256
 * @param es256Issuer the same server (or a second instance of it) signing with ES256;
 * {@code null} when it has none
 * @param client the {@code client_secret_basic} client whose tokens are bound to the
 * presented certificate
 * @param scope the scope its token requests ask for, one the client may have
 * @param pid the process serving {@code issuer}, whose resident memory is reported;
 * {@code null}: not reported
 * @param es256Pid the process serving {@code es256Issuer}, when it is another one;
 * {@code null} otherwise
 */
public record ServerUnderTest(String name, URI issuer, URI es256Issuer, ClientCredentials client, String scope,
		Long pid, Long es256Pid) {

	/** The issuer that {@code scenario} runs against; {@code null} when there is none. */
	URI issuerOf(ComparedScenario scenario) {
		return scenario.es256() ? es256Issuer : issuer;
	}

}
