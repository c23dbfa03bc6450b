package dev.mtlsauthz.authserver.audit;

/**
 * The audit events the server records: their types and the names of their data. Every
 * event is published as Spring Boot's {@code AuditApplicationEvent} (principal: the
 * user's name, or the client id when no user is involved); the audit package writes each
 * one as a structured log line and keeps it in the database for the admin API and
 * console. No data value is ever a secret (no token, password, client secret or
 * assertion; a certificate appears only as its {@code x5t#S256} thumbprint).
 */
public final class AuditEvents {

	/** A token response was returned (one event per response, not per token). */
	public static final String TOKEN_ISSUED = "TOKEN_ISSUED";

	/** A client failed to authenticate at a client endpoint. */
	public static final String CLIENT_AUTHENTICATION_FAILED = "CLIENT_AUTHENTICATION_FAILED";

	/**
	 * A bound token or refresh token was presented without proof of possession of its key
	 * (userinfo, refresh).
	 */
	public static final String BINDING_REFUSED = "BINDING_REFUSED";

	/** A user granted an application consent to scopes. */
	public static final String CONSENT_GRANTED = "CONSENT_GRANTED";

	/** A user (or an operator) withdrew an application's consent and its tokens. */
	public static final String CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN";

	/** A user signed in (Spring Security's own type, kept for its listeners). */
	public static final String SIGN_IN_SUCCESS = "AUTHENTICATION_SUCCESS";

	/** A sign-in failed (Spring Security's own type, kept for its listeners). */
	public static final String SIGN_IN_FAILURE = "AUTHENTICATION_FAILURE";

	/** An operator changed something through the admin API or console. */
	public static final String ADMIN_CHANGE = "ADMIN_CHANGE";

	/** Data: the client's {@code client_id}. */
	public static final String CLIENT_ID = "client_id";

	/** Data: the user's name. */
	public static final String USER = "user";

	/** Data: the grant type of a token request. */
	public static final String GRANT_TYPE = "grant_type";

	/** Data: the scopes, space separated. */
	public static final String SCOPE = "scope";

	/** Data: the client authentication method. */
	public static final String METHOD = "method";

	/**
	 * Data: why something failed or was refused (an OAuth error code or a short phrase).
	 */
	public static final String REASON = "reason";

	/**
	 * Data: how the token is bound: {@code x5t#S256}, {@code jkt} or absent when unbound.
	 */
	public static final String BINDING = "binding";

	/** Data: the thumbprint of the key or certificate a token is bound to. */
	public static final String THUMBPRINT = "thumbprint";

	/** Data: the admin action, e.g. {@code client.update}. */
	public static final String ACTION = "action";

	/** Data: what an admin action changed (a client id, a user name, a key id). */
	public static final String TARGET = "target";

	/** Data: the request's remote address. */
	public static final String REMOTE_ADDRESS = "remote_address";

	private AuditEvents() {
	}

}
