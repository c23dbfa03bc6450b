package dev.mtlsauthz.authserver;

import java.net.URI;
import java.util.List;

/**
 * {@link AuthServerProperties} built in a unit test, with defaults (nulls, as binding
 * leaves them before the records' own defaults) for all but the parts under test: the one
 * place to change when the tree gains a branch.
 */
public final class TestProperties {

	private TestProperties() {
	}

	public static AuthServerProperties of(URI issuer, AuthServerProperties.Mtls mtls, AuthServerProperties.Keys keys) {
		return new AuthServerProperties(issuer, mtls, keys, null, List.of(), null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null);
	}

}
