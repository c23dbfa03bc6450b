package dev.mtlsauthz.authserver.tokens;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Deletes the authorizations in which every token has expired.
 * {@code JdbcOAuth2AuthorizationService} writes one {@code oauth2_authorization} row per
 * issuance and never deletes it, so without a purge the table grows by one row per token
 * for ever, and with it every insert's index maintenance. A row is deleted once it holds
 * at least one token and all its tokens (authorization code, access, refresh, ID, device
 * and user codes) are past their expiry: such a row can no longer be redeemed, refreshed
 * or introspected as active (RFC 7662 section 2.2 answers {@code "active":false} for an
 * unknown token just as for an expired one). Rows without any token yet (an authorization
 * request waiting for consent) are kept.
 */
public class ExpiredAuthorizationPurge {

	private static final Log logger = LogFactory.getLog(ExpiredAuthorizationPurge.class);

	private static final String EXPIRED = """
			COALESCE(authorization_code_expires_at, access_token_expires_at, refresh_token_expires_at,
			         oidc_id_token_expires_at, device_code_expires_at, user_code_expires_at) IS NOT NULL
			AND (authorization_code_expires_at IS NULL OR authorization_code_expires_at < :now)
			AND (access_token_expires_at IS NULL OR access_token_expires_at < :now)
			AND (refresh_token_expires_at IS NULL OR refresh_token_expires_at < :now)
			AND (oidc_id_token_expires_at IS NULL OR oidc_id_token_expires_at < :now)
			AND (device_code_expires_at IS NULL OR device_code_expires_at < :now)
			AND (user_code_expires_at IS NULL OR user_code_expires_at < :now)""";

	/**
	 * The candidates, each query led by a condition on the indexed
	 * {@code access_token_expires_at}: rows whose access token has expired, then rows
	 * without an access token. A query on {@link #EXPIRED} alone reads every row, live
	 * ones included, at every purge: under load that was 3% of the server's CPU
	 * (bench/README.md).
	 */
	static final List<String> SELECT_BATCHES = List.of(
			"SELECT id FROM oauth2_authorization WHERE access_token_expires_at < :now AND " + EXPIRED
					+ " FETCH FIRST :batch ROWS ONLY",
			"SELECT id FROM oauth2_authorization WHERE access_token_expires_at IS NULL AND " + EXPIRED
					+ " FETCH FIRST :batch ROWS ONLY");

	private static final String DELETE = "DELETE FROM oauth2_authorization WHERE id = ?";

	private final NamedParameterJdbcTemplate jdbc;

	private final int batchSize;

	private final Clock clock;

	public ExpiredAuthorizationPurge(JdbcOperations jdbc, int batchSize, Clock clock) {
		this.jdbc = new NamedParameterJdbcTemplate(jdbc);
		this.batchSize = batchSize;
		this.clock = clock;
	}

	/**
	 * Deletes every authorization expired by now, a batch at a time; returns how many
	 * were deleted. Each batch selects the ids first and then deletes by primary key: H2
	 * spent seconds of CPU on a single
	 * {@code DELETE ... WHERE id IN (SELECT ... FETCH FIRST n ROWS ONLY)} over a few
	 * thousand rows.
	 */
	public int purge() {
		long started = System.nanoTime();
		Map<String, Object> parameters = Map.of("now", Timestamp.from(clock.instant()), "batch", batchSize);
		int deleted = 0;
		for (String selectBatch : SELECT_BATCHES) {
			List<String> batch;
			do {
				batch = jdbc.queryForList(selectBatch, parameters, String.class);
				if (!batch.isEmpty()) {
					jdbc.getJdbcOperations()
						.batchUpdate(DELETE, batch.stream().map(id -> new Object[] { id }).toList());
				}
				deleted += batch.size();
			}
			while (batch.size() == batchSize);
		}
		if (deleted > 0 && logger.isInfoEnabled()) {
			Long remaining = jdbc.getJdbcOperations()
				.queryForObject("SELECT COUNT(*) FROM oauth2_authorization", Long.class);
			logger.info("Purged " + deleted + " expired authorizations in " + (System.nanoTime() - started) / 1_000_000
					+ " ms; " + remaining + " remain");
		}
		return deleted;
	}

}
