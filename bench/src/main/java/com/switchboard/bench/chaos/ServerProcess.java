package com.switchboard.bench.chaos;

import com.switchboard.bench.BenchDatabase;
import com.switchboard.bench.BenchTemporal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's boot jar as a child process on a fixed port. {@link #stop()} kills it (SIGKILL): a
 * crash, not a graceful shutdown, so whatever the control-plane worker had in hand is abandoned and
 * Temporal must hand it out again after the restart.
 */
public final class ServerProcess implements Restartable {
    private final Path jar;
    private final int port;
    private final Map<String, String> properties;
    private final Path log;
    private final List<String> jvmOptions;
    private Process process;

    /** With the soak's JVM options: C1 only, quick to start again after a kill. */
    public ServerProcess(Path jar, int port, Map<String, String> properties, Path log) {
        this(jar, port, properties, log, List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"));
    }

    /** @param jvmOptions the server JVM's options, e.g. heap and JIT settings */
    public ServerProcess(Path jar, int port, Map<String, String> properties, Path log, List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.jar = jar;
        this.port = port;
        this.properties = Map.copyOf(properties);
        this.log = log;
    }

    /**
     * What every bench run tells the server: the embedded database (owner postgres, application
     * login switchboard), the Temporal service in its own process, the simulator as LiveKit, and
     * a 0.5 s hangup grace. A new map: callers add their own.
     */
    public static Map<String, String> properties(
            BenchDatabase database, BenchTemporal temporal, URI liveKitUrl, String apiKey, String apiSecret) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("switchboard.db.url", database.jdbcUrl());
        properties.put("switchboard.db.owner-user", "postgres");
        properties.put("switchboard.db.owner-password", "postgres");
        properties.put("switchboard.db.app-user", "switchboard");
        properties.put("switchboard.db.app-password", "bench");
        properties.put("spring.temporal.connection.target", temporal.target());
        if (temporal.kind() == BenchTemporal.Kind.TEST_SERVER) {
            properties.put("switchboard.temporal.test-service", "true");
        }
        properties.put("switchboard.livekit.url", liveKitUrl.toString());
        properties.put("switchboard.livekit.api-key", apiKey);
        properties.put("switchboard.livekit.api-secret", apiSecret);
        properties.put("switchboard.call.hangup-grace", "PT0.5S");
        return properties;
    }

    public int port() {
        return port;
    }

    @Override
    public String name() {
        return "server";
    }

    @Override
    public synchronized void start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dserver.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the server from " + jar, e);
        }
        awaitReady(Duration.ofSeconds(120));
    }

    /** Ready when the webhook endpoint answers (an unsigned request: 401). */
    private void awaitReady(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    int status = http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/livekit/webhook"))
                                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (status < 500) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the server starts", e);
        }
        throw new IllegalStateException("the server did not answer on port " + port + " within " + within);
    }

    @Override
    public synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** A graceful stop at the end of a run. */
    public synchronized void shutdown() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
