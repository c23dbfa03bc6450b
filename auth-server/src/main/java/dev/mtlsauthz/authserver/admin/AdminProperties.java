package dev.mtlsauthz.authserver.admin;

import java.util.List;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's side ({@code authserver.admin.*}).
 *
 * @param scope the scope an access token needs at the admin API ({@code /admin/api}),
 * which must also be bound to its client's certificate
 * @param operators users who may sign in to the admin console ({@code /admin}), created
 * at start when missing (development only: a production configuration grants the role
 * through the admin API or lists no password here)
 */
public record AdminProperties(@DefaultValue("mtlsauthz.admin") String scope, @DefaultValue List<Operator> operators) {

	/** The role an operator has, which the admin console requires. */
	public static final String ROLE = "ADMIN";

	/**
	 * An operator.
	 *
	 * @param username the user name; an existing user is given the operator's role
	 * @param password the password of a user created here; an existing user's password is
	 * left alone
	 */
	public record Operator(String username, String password) {
	}

}
