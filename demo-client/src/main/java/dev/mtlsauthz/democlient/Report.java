package dev.mtlsauthz.democlient;

/**
 * Where the round trip's progress goes: a person's terminal ({@link ConsoleReport}) or a
 * script ({@link JsonReport}).
 */
interface Report {

	void start(DemoOptions options);

	/**
	 * A group of steps that share a client and a certificate, for example "6a" for
	 * {@code tls_client_auth}.
	 */
	void group(String id, String title);

	void step(StepResult step);

	void finish(RoundTripResult result);

}
