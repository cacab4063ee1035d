package com.switchboard.telephony;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A program the tests started, its output in a log file. Every one is killed, with whatever it
 * started itself, when the tests stop it and at the latest when this JVM exits.
 */
final class ChildProcess {
    private static final List<ChildProcess> RUNNING = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::killAll, "telephony-children"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Runs the program in a process group of its own beside a watchdog that holds this JVM's end of
     * a pipe: when the pipe closes (the tests closed it, or this JVM died, even by SIGKILL) the
     * watchdog sends SIGTERM to the group, so nothing the program started outlives the tests. The
     * group cannot vanish (nor its id be reused) while the watchdog, a member, is alive. After
     * {@code setsid} and {@code exec}, the process Java sees is the program itself.
     */
    private static final String WATCHDOG =
            "exec 3<&0; (cat <&3 >/dev/null; kill -TERM 0) & exec \"$@\" 3<&- </dev/null";

    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
        List<String> wrapped = new ArrayList<>(List.of("setsid", "/bin/sh", "-c", WATCHDOG, "sh"));
        wrapped.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(wrapped)
                .directory(Tools.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            ChildProcess child = new ChildProcess(name, builder.start(), log);
            RUNNING.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits until {@code ready} holds; fails early when the process exits. */
    void awaitReady(BooleanSupplier ready, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with " + process.exitValue() + " while starting:\n" + logTail(30));
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " was not ready within " + within + ":\n" + logTail(30));
    }

    boolean logContains(String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGKILL, at once: a crash. What it started is then ended by the watchdog. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
        releaseWatchdog();
        RUNNING.remove(this);
    }

    /** SIGTERM, SIGKILL if it is not gone within {@code grace}; then the rest of its group goes. */
    void stop(Duration grace) {
        process.destroy();
        if (!waitFor(grace)) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
        releaseWatchdog();
        RUNNING.remove(this);
    }

    /** After the program ended by itself: lets its watchdog end the rest of its group. */
    void reap() {
        if (!process.isAlive()) {
            releaseWatchdog();
            RUNNING.remove(this);
        }
    }

    private void releaseWatchdog() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills every child still running, newest first. */
    static void killAll() {
        List<ChildProcess> all = new ArrayList<>(RUNNING);
        java.util.Collections.reverse(all);
        for (ChildProcess child : all) {
            child.stop(Duration.ofSeconds(3));
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Polls {@code probe} every 100 ms until it has a value; fails naming {@code what} after {@code within}. */
    static <T> T await(String what, Duration within, java.util.function.Supplier<java.util.Optional<T>> probe) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            java.util.Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            sleep(100);
        }
    }
}
