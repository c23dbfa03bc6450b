package dev.mtlsauthz.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A process's resident set size, read from {@code /proc/PID/status} (Linux, as bench.sh
 * is): the memory the process occupies, heap and everything else the JVM keeps.
 */
final class ResidentMemory {

	private ResidentMemory() {
	}

	/** In megabytes (2^20 bytes); empty when the process or /proc is not there. */
	static OptionalLong megabytes(Long pid) {
		if (pid == null) {
			return OptionalLong.empty();
		}
		try {
			return Files.readAllLines(Path.of("/proc", pid.toString(), "status"))
				.stream()
				.filter(line -> line.startsWith("VmRSS:"))
				.mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
				.findFirst();
		}
		catch (IOException ex) {
			return OptionalLong.empty();
		}
	}

}
