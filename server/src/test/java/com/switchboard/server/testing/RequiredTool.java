package com.switchboard.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The one policy for a test whose tool (a browser, nft, docker-compose, LiveKit, ...) or privilege
 * is missing on this machine: under {@code CI=true} the test fails, naming the tool and how to
 * install it, because CI must prove what the test proves; elsewhere it is skipped with the same
 * message, so a developer without the tool still runs the rest. {@code .ci/run} sets {@code CI=true}
 * and installs what the tests need.
 */
public final class RequiredTool {
    private static final List<String> SYSTEM_DIRECTORIES = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private RequiredTool() {}

    /**
     * The executable {@code command} on the PATH or in the system directories (where root's tools
     * live even when the PATH lacks them).
     *
     * @param install how to get it, e.g. {@code apt-get install nftables}
     */
    public static Path command(String command, String install) {
        Optional<Path> found = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), SYSTEM_DIRECTORIES.stream())
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            missing(command, install);
        }
        return found.orElseThrow();
    }

    /** The tool at a fixed path, e.g. Debian's {@code /usr/bin/chromium}. */
    public static Path file(Path path, String tool, String install) {
        if (!Files.isRegularFile(path)) {
            missing(tool + " (" + path + ")", install);
        }
        return path;
    }

    /** Fails (CI) or skips (elsewhere): {@code tool} is not installed, {@code install} gets it. */
    public static void missing(String tool, String install) {
        unavailable(tool + " is not installed: " + install);
    }

    /**
     * Fails (CI) or skips (elsewhere) with {@code message}, for what a test lacks that is not one
     * tool: several tools at once, or a privilege such as root's.
     */
    public static void unavailable(String message) {
        if (ci()) {
            fail(message + " (CI=true: a missing tool fails the build instead of skipping the test)");
        }
        Assumptions.abort(message);
    }

    /** How to install Debian's {@code debianPackage}, as the messages say it. */
    public static String apt(String debianPackage) {
        return "install Debian's " + debianPackage + " (apt-get install " + debianPackage + "; .ci/run does)";
    }

    /** Whether this is CI ({@code CI=true}, as .ci/run and CI services set it). */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
