package com.switchboard.temporal.dev;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Temporal server of the official CLI ({@code temporal server start-dev}: frontend,
 * history, matching, SQLite persistence and visibility, the Web UI) as a child process.
 *
 * <p>The child outlives nothing: it runs under a small shell that holds a pipe from this JVM and
 * stops the server when the pipe closes, which the kernel does however the JVM ends (normal exit,
 * Ctrl+C, SIGKILL, a crash). {@link #close()} stops it at once.
 */
public final class TemporalDevServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TemporalDevServer.class);

    /**
     * How to run it.
     *
     * @param ip address every service of the server binds to (loopback here)
     * @param port frontend gRPC port
     * @param uiPort Web UI port; 0 runs it headless
     * @param httpPort HTTP API port; 0 = any free port
     * @param metricsPort Prometheus port; 0 = any free port
     * @param database SQLite file that keeps state across restarts; empty keeps it in memory
     * @param log file the server's output goes to
     * @param dynamicConfig server settings ({@code --dynamic-config-value key=json})
     * @param sqlitePragmas SQLite pragmas of the database ({@code --sqlite-pragma name=value}); not
     *     passed to a server kept in memory
     * @param searchAttributes custom search attributes of the default namespace, name to type
     */
    public record Settings(
            String ip,
            int port,
            int uiPort,
            int httpPort,
            int metricsPort,
            Optional<Path> database,
            Path log,
            Map<String, String> dynamicConfig,
            Map<String, String> sqlitePragmas,
            Map<String, String> searchAttributes) {
        public Settings {
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(database, "database");
            Objects.requireNonNull(log, "log");
            dynamicConfig = Map.copyOf(dynamicConfig);
            sqlitePragmas = Map.copyOf(sqlitePragmas);
            searchAttributes = Map.copyOf(searchAttributes);
            for (int p : new int[] {port, uiPort, httpPort, metricsPort}) {
                if (p < 0 || p > 65535) {
                    throw new IllegalArgumentException("not a port: " + p);
                }
            }
            if (port == 0) {
                throw new IllegalArgumentException("the frontend port must be fixed (the CLI picks none)");
            }
        }

        /** Loopback, in memory, headless, on {@code port}; its log in {@code log}. */
        public static Settings loopback(int port, Path log) {
            return new Settings("127.0.0.1", port, 0, 0, 0, Optional.empty(), log, Map.of(), Map.of(), Map.of());
        }

        public Settings withUi(int newUiPort) {
            return new Settings(
                    ip,
                    port,
                    newUiPort,
                    httpPort,
                    metricsPort,
                    database,
                    log,
                    dynamicConfig,
                    sqlitePragmas,
                    searchAttributes);
        }

        public Settings withFixedPorts(int newHttpPort, int newMetricsPort) {
            return new Settings(
                    ip,
                    port,
                    uiPort,
                    newHttpPort,
                    newMetricsPort,
                    database,
                    log,
                    dynamicConfig,
                    sqlitePragmas,
                    searchAttributes);
        }

        public Settings withDatabase(Path file) {
            return new Settings(
                    ip,
                    port,
                    uiPort,
                    httpPort,
                    metricsPort,
                    Optional.of(file),
                    log,
                    dynamicConfig,
                    sqlitePragmas,
                    searchAttributes);
        }

        public Settings withDynamicConfig(Map<String, String> values) {
            return new Settings(
                    ip, port, uiPort, httpPort, metricsPort, database, log, values, sqlitePragmas, searchAttributes);
        }

        public Settings withSqlitePragmas(Map<String, String> pragmas) {
            return new Settings(
                    ip, port, uiPort, httpPort, metricsPort, database, log, dynamicConfig, pragmas, searchAttributes);
        }

        public Settings withSearchAttributes(Map<String, String> attributes) {
            return new Settings(
                    ip, port, uiPort, httpPort, metricsPort, database, log, dynamicConfig, sqlitePragmas, attributes);
        }

        public String target() {
            return ip + ":" + port;
        }
    }

    private final TemporalCli cli;
    private final Settings settings;
    private volatile Process process;

    private TemporalDevServer(TemporalCli cli, Settings settings) {
        this.cli = cli;
        this.settings = settings;
    }

    /** Starts the server and returns once its frontend answers for the default namespace. */
    public static TemporalDevServer start(TemporalCli cli, Settings settings) {
        TemporalDevServer server = new TemporalDevServer(cli, settings);
        server.launch();
        return server;
    }

    public Settings settings() {
        return settings;
    }

    /** {@code host:port} of the frontend, for a client's target. */
    public String target() {
        return settings.target();
    }

    /** The Web UI, unless headless. */
    public Optional<URI> uiUrl() {
        return settings.uiPort() == 0
                ? Optional.empty()
                : Optional.of(URI.create("http://" + settings.ip() + ":" + settings.uiPort()));
    }

    public String version() {
        return cli.version();
    }

    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** SIGKILLs the server itself, as a crash would: what it had written to its database stays. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        killTree(p);
        process = null;
    }

    /** SIGKILLs the shell and the server under it and waits until both are gone. */
    private static void killTree(Process p) {
        List<ProcessHandle> tree = new ArrayList<>(p.toHandle().descendants().toList());
        tree.add(p.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log.warn("process {} did not exit after SIGKILL: {}", h.pid(), e.toString());
            }
        }
    }

    /** Starts it again after {@link #kill()} or {@link #close()}, on the same ports and database. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("the Temporal dev server is running");
        }
        launch();
    }

    private synchronized void launch() {
        // Another server on the port would answer the readiness check in this one's place.
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(settings.ip(), settings.port()));
        } catch (IOException inUse) {
            throw new IllegalStateException("the Temporal dev server cannot listen on " + target()
                    + ": the port is in use (another Temporal, or a Switchboard already running?)");
        }
        List<String> command = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                // fd 3 is the pipe from this JVM; the watcher stops the server when it closes.
                "exec 3<&0; \"$@\" </dev/null & child=$!; "
                        + "{ cat <&3 >/dev/null; kill -TERM $child 2>/dev/null; } & "
                        + "trap 'kill -TERM $child 2>/dev/null' TERM INT; "
                        + "wait $child; status=$?; exit $status",
                "temporal-dev-server",
                cli.binary().toString(),
                "server",
                "start-dev",
                "--ip",
                settings.ip(),
                "--port",
                Integer.toString(settings.port()),
                "--log-level",
                "warn"));
        if (settings.uiPort() == 0) {
            command.add("--headless");
        } else {
            command.addAll(List.of("--ui-port", Integer.toString(settings.uiPort()), "--ui-disable-news-fetch"));
        }
        if (settings.httpPort() != 0) {
            command.addAll(List.of("--http-port", Integer.toString(settings.httpPort())));
        }
        if (settings.metricsPort() != 0) {
            command.addAll(List.of("--metrics-port", Integer.toString(settings.metricsPort())));
        }
        settings.database().ifPresent(db -> command.addAll(List.of("--db-filename", db.toString())));
        settings.dynamicConfig().forEach((k, v) -> command.addAll(List.of("--dynamic-config-value", k + "=" + v)));
        if (settings.database().isPresent()) {
            settings.sqlitePragmas().forEach((k, v) -> command.addAll(List.of("--sqlite-pragma", k + "=" + v)));
        }
        settings.searchAttributes().forEach((k, v) -> command.addAll(List.of("--search-attribute", k + "=" + v)));
        try {
            Files.createDirectories(settings.log().toAbsolutePath().getParent());
            settings.database().ifPresent(db -> {
                try {
                    Files.createDirectories(db.toAbsolutePath().getParent());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(settings.log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + cli.binary(), e);
        }
        awaitReady(Duration.ofSeconds(60));
        log.info(
                "Temporal dev server (CLI {}) on {}{}, {}",
                cli.version(),
                target(),
                uiUrl().map(u -> ", UI " + u).orElse(""),
                settings.database().map(Path::toString).orElse("in memory"));
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target())
                .setRpcTimeout(Duration.ofSeconds(2))
                .build());
        try {
            StatusRuntimeException last = null;
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Temporal dev server exited with " + process.exitValue()
                            + " (port " + settings.port() + " in use?): " + logTail());
                }
                try {
                    stubs.blockingStub()
                            .withDeadlineAfter(2, TimeUnit.SECONDS)
                            .describeNamespace(DescribeNamespaceRequest.newBuilder()
                                    .setNamespace("default")
                                    .build());
                    return;
                } catch (StatusRuntimeException notYet) {
                    last = notYet;
                }
                sleep(Duration.ofMillis(100));
            }
            close();
            throw new IllegalStateException("the Temporal dev server did not answer on " + target() + " within "
                    + timeout + ": " + last + "; " + logTail());
        } finally {
            stubs.shutdownNow();
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(settings.log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s); safe to call twice. */
    @Override
    public synchronized void close() {
        Process p = process;
        if (p == null) {
            return;
        }
        process = null;
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // The pipe is gone already: the watcher has seen it close.
        }
        if (!waitFor(p, Duration.ofSeconds(10))) {
            killTree(p);
        }
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
