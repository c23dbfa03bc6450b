package dev.mtlsauthz.democlient;

import java.io.Console;
import java.lang.reflect.Method;
import java.nio.charset.Charset;

/**
 * What the terminal that runs the demo can show: ANSI colour only when standard output is
 * an interactive terminal, {@code TERM} is not {@code dumb} and {@code NO_COLOR}
 * (https://no-color.org) is unset; the check and cross marks only when the output
 * encoding can encode them.
 */
public record Terminal(Charset charset, boolean color, boolean unicode) {

	private static final String MARKS = "✔✘·";

	/** Plain UTF-8 output without colour, as a file or a test receives it. */
	public static Terminal plain() {
		return new Terminal(java.nio.charset.StandardCharsets.UTF_8, false, true);
	}

	public static Terminal detect() {
		Charset charset = outputCharset();
		boolean color = isInteractive() && !"dumb".equals(System.getenv("TERM"))
				&& (System.getenv("NO_COLOR") == null || System.getenv("NO_COLOR").isEmpty());
		return new Terminal(charset, color, charset.newEncoder().canEncode(MARKS));
	}

	/** The same terminal, with colour switched off when the user asked for that. */
	public Terminal withColor(boolean allowed) {
		return new Terminal(charset, color && allowed, unicode);
	}

	public String passed() {
		return paint(unicode ? "✔" : "OK", "32");
	}

	public String failed() {
		return paint(unicode ? "✘" : "XX", "31");
	}

	public int markWidth() {
		return unicode ? 1 : 2;
	}

	public String separator() {
		return unicode ? " · " : " - ";
	}

	public String bold(String text) {
		return paint(text, "1");
	}

	public String dim(String text) {
		return paint(text, "2");
	}

	public String red(String text) {
		return paint(text, "31");
	}

	public String green(String text) {
		return paint(text, "32");
	}

	private String paint(String text, String sgr) {
		return color ? "\u001b[" + sgr + "m" + text + "\u001b[0m" : text;
	}

	/**
	 * {@code stdout.encoding} exists from JDK 19; before that the platform's native
	 * encoding is what stdout uses.
	 */
	private static Charset outputCharset() {
		String name = System.getProperty("stdout.encoding", System.getProperty("native.encoding"));
		try {
			return name != null ? Charset.forName(name) : Charset.defaultCharset();
		}
		catch (IllegalArgumentException ex) {
			return Charset.defaultCharset();
		}
	}

	/**
	 * From JDK 22 {@link System#console()} returns a console even when output is
	 * redirected, and {@code Console.isTerminal()} tells the difference; this class is
	 * compiled for JDK 17, hence the reflection.
	 */
	private static boolean isInteractive() {
		Console console = System.console();
		if (console == null) {
			return false;
		}
		try {
			Method isTerminal = Console.class.getMethod("isTerminal");
			return (Boolean) isTerminal.invoke(console);
		}
		catch (NoSuchMethodException ex) {
			return true;
		}
		catch (ReflectiveOperationException ex) {
			return false;
		}
	}
}
