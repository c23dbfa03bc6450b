package dev.mtlsauthz.democlient;

import java.io.PrintStream;
import java.util.Map;

/**
 * Prints each step as one aligned line (id, title, check or cross, summary) with its
 * facts indented beneath, so that the summaries and the facts' values form one column a
 * reader can scan.
 */
final class ConsoleReport implements Report {

	/**
	 * Separates the parts of a group's title; printed as " - " where the output encoding
	 * lacks the dot.
	 */
	static final String SEPARATOR = " · ";

	private static final int ID_WIDTH = 7;

	private static final int TITLE_WIDTH = 40;

	private final PrintStream out;

	private final Terminal terminal;

	ConsoleReport(PrintStream out, Terminal terminal) {
		this.out = out;
		this.terminal = terminal;
	}

	@Override
	public void start(DemoOptions options) {
		out.println();
		out.println("  " + terminal.bold("mtls-authz demo") + terminal.separator()
				+ "RFC 8705 certificate-bound access tokens");
		out.println("  "
				+ terminal.dim("issuer " + options.issuer() + terminal.separator() + "resource API " + options.api()));
		out.println();
	}

	@Override
	public void group(String id, String title) {
		out.println();
		out.println("  " + pad(id, ID_WIDTH) + terminal.bold(title.replace(SEPARATOR, terminal.separator())));
	}

	@Override
	public void step(StepResult step) {
		String mark = step.passed() ? terminal.passed() : terminal.failed();
		String summary = step.passed() ? step.summary() : terminal.red(step.summary());
		out.println("  " + pad(step.id(), ID_WIDTH) + pad(step.title(), TITLE_WIDTH) + mark + "  " + summary);
		String indent = " ".repeat(2 + ID_WIDTH);
		String valueIndent = " ".repeat(terminal.markWidth() + 2);
		for (Map.Entry<String, String> detail : step.details().entrySet()) {
			out.println(indent + terminal.dim(pad(detail.getKey(), TITLE_WIDTH)) + valueIndent + detail.getValue());
		}
	}

	@Override
	public void finish(RoundTripResult result) {
		out.println();
		long failed = result.steps().stream().filter(step -> !step.passed()).count();
		if (result.passed()) {
			out.println("  " + terminal.passed() + " " + terminal.green("All " + result.steps().size()
					+ " steps behaved as expected: each token worked only with the certificate or key it is bound to."));
		}
		else {
			StepResult first = result.firstFailure().orElseThrow();
			out.println("  " + terminal.failed() + " " + terminal.red(failed + " of " + result.steps().size()
					+ " steps failed; the first was step " + first.id() + " (" + first.title() + ")."));
		}
		out.println();
	}

	private static String pad(String text, int width) {
		return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
	}

}
