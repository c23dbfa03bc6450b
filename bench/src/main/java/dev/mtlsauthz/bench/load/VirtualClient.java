package dev.mtlsauthz.bench.load;

/**
 * One simulated client: it sends a request, waits for the answer and checks it, in a
 * closed loop.
 */
@FunctionalInterface
public interface VirtualClient {

	/**
	 * Sends one request and checks the answer.
	 * @throws Exception when the request fails or the answer is not the expected one,
	 * which counts as an error
	 */
	void call() throws Exception;

}
