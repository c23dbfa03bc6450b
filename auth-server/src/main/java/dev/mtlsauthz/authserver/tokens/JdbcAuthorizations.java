package dev.mtlsauthz.authserver.tokens;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.support.lob.DefaultLobHandler;
import org.springframework.jdbc.support.lob.LobCreator;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.mtlsauthz.authserver.clients.EnabledClientsRepository;

/**
 * The authorizations, in Spring Authorization Server's {@code oauth2_authorization}
 * table: its {@link JdbcOAuth2AuthorizationService}, which keeps reading rows and
 * removing them, with saving, looking up and the transactions around reads done as this
 * server needs.
 * <p>
 * Saving: an {@code INSERT}, and an {@code UPDATE} by primary key only when a row with
 * its id exists. The stock {@code save} first reads the whole authorization back by id,
 * parsing its JSON columns and looking its client up, only to choose between the two; for
 * the new authorization of every {@code client_credentials} token that read finds
 * nothing, and it was about a quarter of the cost of storing the token (bench/README.md,
 * "What the profiles showed"). The insert's own primary-key check answers the same
 * question for free: PostgreSQL skips the insert ({@code ON CONFLICT (id) DO NOTHING});
 * H2 refuses it with a duplicate key error that undoes only that statement. Other
 * databases update first and insert when no row changed. Rows are written with the stock
 * parameter mapper in the table's column order, so they are exactly what the stock
 * service writes and reads.
 * <p>
 * Looking up a token whose type is not known (introspection and revocation always ask
 * that way): one indexed lookup per token type, the likeliest first, instead of the stock
 * single query that ORs six token columns together. No database can serve that OR from
 * the per-column indexes, so it scans the whole table, and introspection slowed down as
 * the table grew (bench/README.md, scenario d).
 * <p>
 * Transactions: each read runs in one read-only transaction, and so on one pooled
 * connection. The stock row mapper looks up the registered client while the
 * authorization's result set is still open; outside a transaction that nested query
 * borrows a second connection from the pool, and as soon as as many requests as the pool
 * has connections (10 by default) read authorizations at the same time, each holds one
 * connection and waits for another, and every introspection, refresh and revocation hangs
 * until the pool gives up after 30 seconds. Inside a transaction, {@code JdbcTemplate}
 * reuses the thread's connection. Saves and removals are single statements with no nested
 * query, so they run without one: beginning and ending a transaction around every issued
 * token cost 2% of its CPU.
 * <p>
 * Disabled clients: a row whose client is disabled reads as no row, so introspection
 * answers {@code active: false}, a refresh is {@code invalid_grant} and the userinfo
 * endpoint refuses the token, while the row stays stored in case the client is enabled
 * again.
 */
public final class JdbcAuthorizations extends JdbcOAuth2AuthorizationService {

	/**
	 * The columns of {@code oauth2_authorization} in the order of the stock parameter
	 * mapper's values.
	 */
	private static final List<String> COLUMNS = List.of("id", "registered_client_id", "principal_name",
			"authorization_grant_type", "authorized_scopes", "attributes", "state", "authorization_code_value",
			"authorization_code_issued_at", "authorization_code_expires_at", "authorization_code_metadata",
			"access_token_value", "access_token_issued_at", "access_token_expires_at", "access_token_metadata",
			"access_token_type", "access_token_scopes", "oidc_id_token_value", "oidc_id_token_issued_at",
			"oidc_id_token_expires_at", "oidc_id_token_metadata", "refresh_token_value", "refresh_token_issued_at",
			"refresh_token_expires_at", "refresh_token_metadata", "user_code_value", "user_code_issued_at",
			"user_code_expires_at", "user_code_metadata", "device_code_value", "device_code_issued_at",
			"device_code_expires_at", "device_code_metadata");

	private static final String INSERT = "INSERT INTO oauth2_authorization (" + String.join(", ", COLUMNS)
			+ ") VALUES (" + COLUMNS.stream().map(column -> "?").collect(Collectors.joining(", ")) + ")";

	private static final String UPDATE = "UPDATE oauth2_authorization SET "
			+ COLUMNS.stream().skip(1).map(column -> column + " = ?").collect(Collectors.joining(", "))
			+ " WHERE id = ?";

	private static final List<OAuth2TokenType> LIKELIEST_FIRST = List.of(OAuth2TokenType.ACCESS_TOKEN,
			OAuth2TokenType.REFRESH_TOKEN, new OAuth2TokenType(OAuth2ParameterNames.CODE),
			new OAuth2TokenType(OidcParameterNames.ID_TOKEN), new OAuth2TokenType(OAuth2ParameterNames.USER_CODE),
			new OAuth2TokenType(OAuth2ParameterNames.DEVICE_CODE));

	private enum Database {

		H2, POSTGRESQL, OTHER

	}

	private final Database database;

	private final TransactionTemplate reads;

	private final DefaultLobHandler lobs = new DefaultLobHandler();

	/**
	 * @param clients the enabled clients, through which every read looks its client up
	 */
	public JdbcAuthorizations(JdbcOperations jdbc, EnabledClientsRepository clients,
			PlatformTransactionManager transactions) {
		super(jdbc, clients);
		setAuthorizationRowMapper(ofEnabledClients(getAuthorizationRowMapper(), clients));
		this.database = database(jdbc);
		this.reads = new TransactionTemplate(transactions);
		this.reads.setReadOnly(true);
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		List<SqlParameterValue> values = getAuthorizationParametersMapper().apply(authorization);
		switch (database) {
			case POSTGRESQL -> {
				if (write(INSERT + " ON CONFLICT (id) DO NOTHING", values) == 0) {
					update(values);
				}
			}
			case H2 -> {
				try {
					write(INSERT, values);
				}
				catch (DuplicateKeyException known) {
					update(values);
				}
			}
			case OTHER -> {
				if (update(values) == 0) {
					write(INSERT, values);
				}
			}
		}
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return reads.execute(status -> super.findById(id));
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		return reads
			.execute(status -> tokenType != null ? super.findByToken(token, tokenType) : findByTokenOfAnyType(token));
	}

	private OAuth2Authorization findByTokenOfAnyType(String token) {
		for (OAuth2TokenType type : LIKELIEST_FIRST) {
			OAuth2Authorization authorization = super.findByToken(token, type);
			if (authorization != null) {
				return authorization;
			}
		}
		return null;
	}

	private int update(List<SqlParameterValue> values) {
		List<SqlParameterValue> idLast = new ArrayList<>(values.subList(1, values.size()));
		idLast.add(values.get(0));
		return write(UPDATE, idLast);
	}

	private int write(String sql, List<SqlParameterValue> values) {
		try (LobCreator lobCreator = lobs.getLobCreator()) {
			return getJdbcOperations().update(sql, new ArgumentPreparedStatementSetter(values.toArray()) {
				@Override
				protected void doSetValue(PreparedStatement statement, int index, Object value) throws SQLException {
					// The mapper gives byte arrays for BLOB columns, which a driver may
					// only accept as a LOB.
					if (value instanceof SqlParameterValue parameter && parameter.getSqlType() == Types.BLOB) {
						lobCreator.setBlobAsBytes(statement, index, (byte[]) parameter.getValue());
					}
					else {
						super.doSetValue(statement, index, value);
					}
				}
			});
		}
	}

	/**
	 * Reads a row of a disabled client as no row; the stock mapper would fail on it, as
	 * it finds no client.
	 */
	private static RowMapper<OAuth2Authorization> ofEnabledClients(RowMapper<OAuth2Authorization> stock,
			EnabledClientsRepository clients) {
		return (row, number) -> clients.findById(row.getString("registered_client_id")) != null
				? stock.mapRow(row, number) : null;
	}

	private static Database database(JdbcOperations jdbc) {
		String product = jdbc
			.execute((ConnectionCallback<String>) connection -> connection.getMetaData().getDatabaseProductName());
		return switch (String.valueOf(product).toLowerCase(Locale.ROOT)) {
			case "h2" -> Database.H2;
			case "postgresql" -> Database.POSTGRESQL;
			default -> Database.OTHER;
		};
	}

}
