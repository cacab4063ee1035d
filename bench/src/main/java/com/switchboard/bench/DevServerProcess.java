package com.switchboard.bench;

import com.switchboard.bench.chaos.Restartable;
import com.switchboard.temporal.dev.FreePorts;
import com.switchboard.temporal.dev.SwitchboardTemporalSettings;
import com.switchboard.temporal.dev.TemporalCli;
import com.switchboard.temporal.dev.TemporalDevServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real Temporal server for a benchmark or soak: the CLI's dev server on a free loopback port,
 * its state in a SQLite file of its own, so that the soak can SIGKILL it and start it again where
 * it was, as a crashed Temporal server restarts on its database.
 */
public final class DevServerProcess implements BenchTemporal, Restartable {
    private final TemporalDevServer server;
    private final Path dir;
    private final Kind kind;

    private DevServerProcess(TemporalDevServer server, Path dir, Kind kind) {
        this.server = server;
        this.dir = dir;
        this.kind = kind;
    }

    /**
     * With Switchboard's server settings ({@link SwitchboardTemporalSettings}) on a SQLite file,
     * unless the system property {@value #DATABASE_PROPERTY} is {@code memory} (then nothing
     * survives a kill: for comparing what the file's writes cost).
     */
    public static DevServerProcess launch() throws IOException {
        return launch(Kind.REAL);
    }

    /** As {@link #launch()}, with the server's own defaults instead of Switchboard's settings. */
    public static DevServerProcess launchStock() throws IOException {
        return launch(Kind.REAL_STOCK);
    }

    private static DevServerProcess launch(Kind kind) throws IOException {
        Path dir = Files.createTempDirectory("switchboard-temporal-");
        int[] ports = FreePorts.take(3);
        // Fixed HTTP and metrics ports: the setup bench reads the server's request counters.
        TemporalDevServer.Settings settings = TemporalDevServer.Settings.loopback(ports[0], dir.resolve("temporal.log"))
                .withFixedPorts(ports[1], ports[2]);
        if (!"memory".equals(System.getProperty(DATABASE_PROPERTY))) {
            settings = settings.withDatabase(dir.resolve("temporal.db"));
        }
        settings = settings.withDynamicConfig(dynamicConfig(System.getProperty(DYNAMIC_CONFIG_PROPERTY, "")));
        if (kind == Kind.REAL) {
            settings = SwitchboardTemporalSettings.applyTo(settings);
        }
        return new DevServerProcess(TemporalDevServer.start(TemporalCli.locate(), settings), dir, kind);
    }

    public static final String DATABASE_PROPERTY = "bench.temporal.database";

    /** Server settings to try, {@code key=json,key=json}, e.g. {@code history.maxInFlightUpdates=100}. */
    public static final String DYNAMIC_CONFIG_PROPERTY = "bench.temporal.dynamic-config";

    static Map<String, String> dynamicConfig(String list) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : list.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException(
                        DYNAMIC_CONFIG_PROPERTY + " takes key=value pairs separated by commas, got '" + pair + "'");
            }
            values.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return values;
    }

    /** The server's Prometheus page (request and persistence counters by operation). */
    public URI metrics() {
        return URI.create("http://127.0.0.1:" + server.settings().metricsPort() + "/metrics");
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String target() {
        return server.target();
    }

    @Override
    public String describe() {
        return "real Temporal server (CLI " + server.version() + " dev server, SQLite "
                + server.settings().database().map(Path::toString).orElse("in memory")
                + (server.settings().sqlitePragmas().isEmpty()
                                || server.settings().database().isEmpty()
                        ? ""
                        : " " + server.settings().sqlitePragmas())
                + (server.settings().dynamicConfig().isEmpty()
                        ? ", stock settings"
                        : ", " + server.settings().dynamicConfig())
                + ")";
    }

    @Override
    public String name() {
        return "temporal";
    }

    /** A crash: SIGKILL, its database as it was on disk. */
    @Override
    public void stop() {
        server.kill();
    }

    @Override
    public void start() {
        server.restart();
    }

    @Override
    public void close() {
        server.close();
    }
}
