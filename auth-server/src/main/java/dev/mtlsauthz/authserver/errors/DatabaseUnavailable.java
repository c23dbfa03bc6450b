package dev.mtlsauthz.authserver.errors;

import java.io.IOException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request that failed because the database cannot be reached (down, refusing
 * connections, the pool's {@code connection-timeout} elapsed, a connection cut in the
 * middle of a statement) with {@code 503} and {@code Retry-After}, RFC 9110 section
 * 15.6.4, instead of a 500: an RFC 6749 section 5.2 {@code temporarily_unavailable} JSON
 * error at the endpoints clients call, the error page for people. Nothing of the
 * exception is shown; it is logged, one line per request. The server needs nothing to
 * recover: the pool connects again as soon as the database answers.
 * <p>
 * How soon the answer comes is the pool's
 * {@code spring.datasource.hikari.connection-timeout} (application.yml): the time a
 * request waits for a connection before giving up.
 */
class DatabaseUnavailable extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

	static final String DESCRIPTION = "The server cannot reach its database at the moment; retry later";

	private final ClientEndpoints endpoints;

	private final Duration retryAfter;

	DatabaseUnavailable(ClientEndpoints endpoints, Duration retryAfter) {
		this.endpoints = endpoints;
		this.retryAfter = retryAfter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			if (!causedBy(ex) || response.isCommitted()) {
				throw ex;
			}
			log.warn("Answering 503 to {} {}: the database is unavailable ({})", request.getMethod(),
					request.getRequestURI(), rootCause(ex));
			response.reset();
			if (endpoints.isClientEndpoint(request.getRequestURI(), request)) {
				OAuth2ErrorResponseHandler.temporarilyUnavailable(response, retryAfter, DESCRIPTION);
			}
			else {
				response.setHeader(HttpHeaders.RETRY_AFTER, OAuth2ErrorResponseHandler.seconds(retryAfter));
				response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
			}
		}
	}

	/**
	 * Whether the failure is the database's unavailability, wherever in the chain of
	 * causes Spring, the pool or the driver put it.
	 */
	static boolean causedBy(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof CannotCreateTransactionException || cause instanceof SQLTransientException
					|| cause instanceof SQLRecoverableException
					|| cause instanceof SQLNonTransientConnectionException) {
				return true;
			}
		}
		return false;
	}

	private static String rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getName() + ": " + root.getMessage();
	}

}
