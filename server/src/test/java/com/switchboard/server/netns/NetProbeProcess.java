package com.switchboard.server.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link NetProbe} running in one of the {@link TestHosts}: a listener that reports what reached
 * it, or a client that sends one request at a time and says whether a reply came.
 */
public final class NetProbeProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** What became of one request. */
    public enum Outcome {
        /** the matching reply came */
        ANSWERED,
        /** nothing came back in time: what a silent drop looks like */
        SILENCE,
        /** a TCP reset or an ICMP port unreachable: the host said no, not silently */
        REFUSED,
        /** something came back, but not the reply to this request */
        WRONG
    }

    /** A probe's outcome and how long the client waited for it. */
    public record Reply(Outcome outcome, long millis, String detail) {}

    private final Process process;
    private final Writer stdin;
    private final List<String> lines = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    private NetProbeProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("netprobe-" + process.pid()).start(this::collect);
    }

    /** Starts a listener on {@code endpoints} ({@code udp:15060}, {@code tcp:8080}, ...) and waits until it is bound. */
    public static NetProbeProcess listen(TestHosts hosts, String role, List<String> endpoints) {
        List<String> command = new ArrayList<>(javaCommand());
        command.add("serve");
        command.addAll(endpoints);
        NetProbeProcess listener = new NetProbeProcess(hosts.start(role, command.toArray(String[]::new)));
        listener.await(line -> line.equals("ready"), START_TIMEOUT);
        return listener;
    }

    /** Starts a client in the host. */
    public static NetProbeProcess client(TestHosts hosts, String role) {
        List<String> command = new ArrayList<>(javaCommand());
        command.add("client");
        return new NetProbeProcess(hosts.start(role, command.toArray(String[]::new)));
    }

    /**
     * Sends one request (OPTIONS, INVITE, or PING for a non-SIP port) and waits at most {@code
     * timeout} for the reply; an IPv6 address is written plainly ({@code 2001:db8::1}).
     */
    public Reply probe(String protocol, String address, int port, String kind, Duration timeout) {
        int id = ids.incrementAndGet();
        send("probe " + id + " " + protocol + " " + address + " " + port + " " + kind + " " + timeout.toMillis());
        // The client's JVM may still be starting on a busy machine: allow for that on top.
        String result = await(line -> line.startsWith("result " + id + " "), timeout.plus(START_TIMEOUT));
        String[] words = result.split(" ", 5);
        return new Reply(
                Outcome.valueOf(words[2].toUpperCase()), Long.parseLong(words[3]), words.length > 4 ? words[4] : "");
    }

    /**
     * Waits at most {@code timeout} until the probe has printed {@code count} lines that match since
     * line {@code mark} and returns all that match by then. A listener's lines come through a pipe of
     * their own, so they may arrive after the client's reply.
     */
    public List<String> awaitLines(int mark, Predicate<String> wanted, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                List<String> matching = lines.subList(mark, lines.size()).stream()
                        .filter(wanted)
                        .toList();
                long left = deadline - System.nanoTime();
                if (matching.size() >= count || left <= 0) {
                    return matching;
                }
                try {
                    lines.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Every line the probe printed so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private void send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the probe is gone; it printed " + lines(), e);
        }
    }

    private String await(Predicate<String> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (wanted.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && seen == lines.size()) {
                    throw new IllegalStateException("the probe did not answer within " + timeout + " (alive: "
                            + process.isAlive() + "); it printed " + lines);
                }
                try {
                    lines.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private void collect() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process was stopped.
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }

    private static List<String> javaCommand() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path classes;
        try {
            classes = Path.of(NetProbe.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        // Small and quick to start: it only moves a few packets.
        return List.of(
                java.toString(),
                "-Xmx32m",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                classes.toString(),
                NetProbe.class.getName());
    }
}
