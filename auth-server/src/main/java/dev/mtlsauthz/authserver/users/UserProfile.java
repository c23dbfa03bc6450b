package dev.mtlsauthz.authserver.users;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;

/**
 * A user's OpenID Connect standard claims (OpenID Connect Core 1.0 section 5.1) and which
 * of them each scope releases (section 5.4): {@code profile} the names, locale and
 * {@code updated_at}; {@code email} the address and whether it was verified.
 */
public record UserProfile(String username, String name, String givenName, String familyName, String email,
		boolean emailVerified, String locale, Instant updatedAt) {

	/** The scopes that release standard claims, for {@code scopes_supported}. */
	public static final List<String> SCOPES = List.of(OidcScopes.PROFILE, OidcScopes.EMAIL);

	/** Every claim the userinfo endpoint can return, for {@code claims_supported}. */
	public static final List<String> CLAIMS = List.of(StandardClaimNames.SUB, StandardClaimNames.NAME,
			StandardClaimNames.GIVEN_NAME, StandardClaimNames.FAMILY_NAME, StandardClaimNames.PREFERRED_USERNAME,
			StandardClaimNames.LOCALE, StandardClaimNames.UPDATED_AT, StandardClaimNames.EMAIL,
			StandardClaimNames.EMAIL_VERIFIED);

	/**
	 * The claims released for the granted scopes, always with {@code sub}, leaving out
	 * those that are not set.
	 */
	public Map<String, Object> claims(Set<String> scopes) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(StandardClaimNames.SUB, username);
		if (scopes.contains(OidcScopes.PROFILE)) {
			putIfSet(claims, StandardClaimNames.NAME, name);
			putIfSet(claims, StandardClaimNames.GIVEN_NAME, givenName);
			putIfSet(claims, StandardClaimNames.FAMILY_NAME, familyName);
			putIfSet(claims, StandardClaimNames.PREFERRED_USERNAME, username);
			putIfSet(claims, StandardClaimNames.LOCALE, locale);
			putIfSet(claims, StandardClaimNames.UPDATED_AT, updatedAt == null ? null : updatedAt.getEpochSecond());
		}
		if (scopes.contains(OidcScopes.EMAIL) && email != null) {
			claims.put(StandardClaimNames.EMAIL, email);
			claims.put(StandardClaimNames.EMAIL_VERIFIED, emailVerified);
		}
		return claims;
	}

	/**
	 * How the user is greeted on the pages: their name when known, their login name
	 * otherwise.
	 */
	public String displayName() {
		return name != null ? name : username;
	}

	private static void putIfSet(Map<String, Object> claims, String name, Object value) {
		if (value != null) {
			claims.put(name, value);
		}
	}
}
