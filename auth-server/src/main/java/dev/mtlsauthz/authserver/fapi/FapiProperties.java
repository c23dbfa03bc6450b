package dev.mtlsauthz.authserver.fapi;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The FAPI 2.0 Security Profile and its building blocks, under {@code authserver.fapi.*}.
 * <p>
 * A branch of {@code AuthServerProperties}, which binds {@code authserver} and ignores
 * keys it does not know: {@code authserver.profile} would be silently ignored there, so
 * {@link FapiConfiguration} refuses to start when it is set and names this prefix
 * instead.
 *
 * @param profile the security profile every client follows, whatever its registration
 * says: {@code none} (each client's {@code security_profile} decides) or {@code fapi2}
 * @param requirePushedAuthorizationRequests refuse authorization requests of every client
 * that were not pushed first (RFC 9126 section 5); a client can also require it for
 * itself ({@code require_pushed_authorization_requests})
 * @param responseJwtLifetime how long a signed authorization response (JARM) or
 * introspection response (RFC 9701) is valid
 */
public record FapiProperties(@DefaultValue("none") SecurityProfile profile,
		@DefaultValue("false") boolean requirePushedAuthorizationRequests,
		@DefaultValue("2m") Duration responseJwtLifetime) {

	/**
	 * The key this server refuses, because {@code AuthServerProperties} would ignore it.
	 */
	static final String MISPLACED_PROFILE = "authserver.profile";

}
