package dev.mtlsauthz.democlient;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;

/**
 * {@code java -jar demo-client/target/demo-client.jar [options]}: runs the
 * {@link RoundTrip} against a running authorization server and resource API and exits
 * with {@link RoundTripResult#exitStatus()}.
 */
public final class DemoClient {

	/**
	 * sysexits.h {@code EX_USAGE}: distinct from the step numbers that a failing round
	 * trip exits with.
	 */
	static final int USAGE_ERROR = 64;

	private DemoClient() {
	}

	public static void main(String[] args) {
		Terminal terminal = Terminal.detect();
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, terminal.charset());
		PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, terminal.charset());
		System.exit(run(args, terminal, out, err));
	}

	/**
	 * Runs the demo as {@link #main} does, without exiting the JVM, and returns the exit
	 * status.
	 */
	public static int run(String[] args, Terminal terminal, PrintStream out, PrintStream err) {
		DemoOptions options;
		try {
			options = DemoOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println("demo-client: " + ex.getMessage());
			err.println("Run with --help to see the options.");
			return USAGE_ERROR;
		}
		if (options.help()) {
			out.print(DemoOptions.usage());
			return 0;
		}
		Report report = options.json() ? new JsonReport(out)
				: new ConsoleReport(out, terminal.withColor(options.color()));
		RoundTripResult result = new RoundTrip(options, report).run();
		result.firstFailure()
			.ifPresent(failure -> err.println(
					"demo-client: step " + failure.id() + " failed (" + failure.title() + "): " + failure.summary()));
		return result.exitStatus();
	}

}
