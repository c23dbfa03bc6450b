package dev.mtlsauthz.bench.compare;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The scenarios a comparison runs against every server: token issuance with
 * {@code client_secret_basic} and a certificate the token is bound to, as scenarios (a)
 * and (b) of the standard run.
 */
public enum ComparedScenario {

	/** Scenario (a): keep-alive connections. */
	A("a", "a", false, "(a) keep-alive"),

	/** Scenario (b): a new connection and full TLS handshake per request. */
	B("b", "b", false, "(b) new TLS connection per request"),

	/** Scenario (a) at each server's ES256 issuer. */
	A_ES256("a-es256", "a", true, "(a) keep-alive, ES256 keys on both");

	private final String id;

	private final String benchScenario;

	private final boolean es256;

	private final String title;

	ComparedScenario(String id, String benchScenario, boolean es256, String title) {
		this.id = id;
		this.benchScenario = benchScenario;
		this.es256 = es256;
		this.title = title;
	}

	public static ComparedScenario of(String id) {
		return Arrays.stream(values())
			.filter(scenario -> scenario.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown scenario " + id + " ("
					+ Arrays.stream(values()).map(ComparedScenario::id).collect(Collectors.joining(", ")) + ")"));
	}

	public String id() {
		return id;
	}

	/** The id of the standard run's scenario that does the requests. */
	String benchScenario() {
		return benchScenario;
	}

	/** Whether it runs against the servers' ES256 issuers. */
	boolean es256() {
		return es256;
	}

	String title() {
		return title;
	}

}
