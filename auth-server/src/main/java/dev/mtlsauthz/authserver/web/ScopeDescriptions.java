package dev.mtlsauthz.authserver.web;

import java.util.Map;

/**
 * What granting a scope lets an application do, in words for the consent page. Scopes
 * without a description are shown by name.
 */
public final class ScopeDescriptions {

	private static final Map<String, String> DESCRIPTIONS = Map.of("openid", "Know who you are when you sign in",
			"profile", "See your name and profile (name, given and family name, language)", "email",
			"See your email address and whether it is verified", "api.read", "Read your data in the API", "api.write",
			"Change your data in the API");

	private ScopeDescriptions() {
	}

	public static String describe(String scope) {
		return DESCRIPTIONS.getOrDefault(scope, scope);
	}

}
