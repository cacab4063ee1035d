package com.switchboard.temporal.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The official Temporal CLI binary at the version this project pins, wherever it is: named by
 * {@value #PROPERTY} (the Maven build sets it) or {@value #ENV}, in the {@code .tools/bin} folder
 * that {@code tools/bootstrap} fills (looked for from the working directory upwards), or on PATH.
 */
public record TemporalCli(Path binary, String version) {
    /** The pinned CLI; it embeds Temporal Server 1.32.0 and Temporal UI 2.54.1. */
    public static final String PINNED_VERSION = "1.9.1";

    public static final String PROPERTY = "switchboard.temporal.cli";
    public static final String ENV = "SWITCHBOARD_TEMPORAL_CLI";

    /** The CLI to use, or an error that says how to install it. */
    public static TemporalCli locate() {
        String named = Optional.ofNullable(System.getProperty(PROPERTY))
                .filter(s -> !s.isBlank())
                .orElse(System.getenv(ENV));
        if (named != null && !named.isBlank()) {
            Path binary = Paths.get(named);
            if (!Files.isExecutable(binary)) {
                throw missing(PROPERTY + "/" + ENV + " names " + binary + ", which is not an executable file");
            }
            return of(binary);
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".tools/bin/temporal");
            if (Files.isExecutable(candidate)) {
                return of(candidate);
            }
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Paths.get(dir.isEmpty() ? "." : dir, "temporal");
            if (Files.isExecutable(candidate)) {
                TemporalCli cli = of(candidate);
                if (cli.version().equals(PINNED_VERSION)) {
                    return cli;
                }
            }
        }
        throw missing("no Temporal CLI " + PINNED_VERSION + " in .tools/bin or on PATH");
    }

    /** The CLI at {@code binary}, its version read from {@code temporal --version}. */
    public static TemporalCli of(Path binary) {
        return new TemporalCli(binary, readVersion(binary));
    }

    private static IllegalStateException missing(String why) {
        return new IllegalStateException(why + ": run tools/bootstrap temporal (installs the pinned CLI into .tools/)");
    }

    // "temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)"
    private static String readVersion(Path binary) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(binary + " --version failed: " + out);
            }
            String[] words = out.split("\\s+");
            if (words.length < 3 || !words[0].equals("temporal") || !words[1].equals("version")) {
                throw new IllegalStateException(binary + " is not the Temporal CLI: " + out);
            }
            return words[2];
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
