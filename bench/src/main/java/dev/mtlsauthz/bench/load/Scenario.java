package dev.mtlsauthz.bench.load;

import dev.mtlsauthz.bench.tls.HandshakeCounter;

/**
 * What a benchmark run measures: how to make its virtual clients, and what to call them.
 */
public interface Scenario {

	/**
	 * The short name used on the command line and in the table, as {@code a} or
	 * {@code e-off}.
	 */
	String id();

	/** One line saying what is measured. */
	String title();

	/**
	 * Whether each successful call issues an access token, so that it counts against the
	 * RS256 ceiling.
	 */
	boolean issuesTokens();

	/** The handshakes of this scenario's virtual clients. */
	HandshakeCounter handshakes();

	/**
	 * Makes the virtual client with the given index: its certificate, connections, and
	 * whatever it needs before the first measured call (a token to present). Not timed.
	 */
	VirtualClient open(int index) throws Exception;

}
