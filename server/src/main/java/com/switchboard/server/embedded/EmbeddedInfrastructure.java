package com.switchboard.server.embedded;

import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.livekit.simulator.SimulatorConfig;
import io.temporal.testserver.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What stands in for production's infrastructure in the embedded default, all in this process:
 * PostgreSQL (real binaries, data kept under the data folder), Temporal's test service on a fixed
 * port, and the LiveKit simulator. Started before Spring, closed after it, in reverse order.
 */
final class EmbeddedInfrastructure implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    static final String DATABASE = "switchboard";
    static final String APP_USER = "switchboard";
    // PostgreSQL listens on loopback with trust authentication; the password only satisfies the pool.
    static final String APP_PASSWORD = "switchboard-embedded";
    static final String LIVEKIT_API_KEY = "APIembedded";
    static final String LIVEKIT_API_SECRET = "embedded-secret-not-for-production-0123456789";

    private final EmbeddedSettings settings;
    private final EmbeddedPostgres postgres;
    private final TestServer.PortBoundTestServer temporal;
    private final LiveKitSimulator liveKit;
    private final int gpuStatusPort;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedInfrastructure(
            EmbeddedSettings settings,
            EmbeddedPostgres postgres,
            TestServer.PortBoundTestServer temporal,
            LiveKitSimulator liveKit,
            int gpuStatusPort) {
        this.settings = settings;
        this.postgres = postgres;
        this.temporal = temporal;
        this.liveKit = liveKit;
        this.gpuStatusPort = gpuStatusPort;
    }

    static EmbeddedInfrastructure start(EmbeddedSettings settings) {
        EmbeddedPostgres postgres = startPostgres(settings);
        TestServer.PortBoundTestServer temporal = null;
        try {
            temporal = startTemporal(settings.temporalPort());
            LiveKitSimulator liveKit = LiveKitSimulator.start(
                    SimulatorConfig.defaults(LIVEKIT_API_KEY, LIVEKIT_API_SECRET), settings.liveKitPort());
            return new EmbeddedInfrastructure(settings, postgres, temporal, liveKit, freePort());
        } catch (RuntimeException e) {
            if (temporal != null) {
                temporal.close();
            }
            closeQuietly(postgres);
            throw e;
        }
    }

    /**
     * A PostgreSQL whose data directory is the data folder's {@code postgres}: initialized on the
     * first start, reused afterwards. No shutdown hook of its own: it must stop after the server's
     * connections are closed, which {@link #close()} does at the end of the Spring context.
     */
    private static EmbeddedPostgres startPostgres(EmbeddedSettings settings) {
        try {
            Files.createDirectories(settings.dataDir());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(settings.dataDir().resolve("postgres"))
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(settings.postgresPort())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            createDatabase(postgres.getPostgresDatabase());
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "embedded PostgreSQL did not start in " + settings.dataDir().resolve("postgres")
                            + " (is another embedded Switchboard running on this data folder?)",
                    e);
        }
    }

    private static void createDatabase(DataSource superuser) {
        try (Connection c = superuser.getConnection();
                PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the " + DATABASE + " database", e);
        }
    }

    /**
     * Temporal's test service, bound to a fixed port so that the Temporal CLI (and a Temporal UI
     * started by hand) can reach it. It runs in real time: the port-bound server starts with time
     * skipping locked, and nothing here unlocks it, so long calls are not fast-forwarded into their
     * timeouts. It keeps its state in memory only: a restart forgets running calls (see
     * LeftoverCalls), and it has no visibility store, so workflow list queries find nothing.
     */
    private static TestServer.PortBoundTestServer startTemporal(int port) {
        try {
            return TestServer.createPortBoundServer(port);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the embedded Temporal service could not listen on port " + port + " (in use? set --"
                            + EmbeddedSettings.PREFIX + ".temporal-port)",
                    e);
        }
    }

    /** A free port for the GPU worker's /status, known before Spring so the fleet can be configured. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the GPU worker's status", e);
        }
    }

    int gpuStatusPort() {
        return gpuStatusPort;
    }

    EmbeddedSettings settings() {
        return settings;
    }

    LiveKitSimulator liveKit() {
        return liveKit;
    }

    String postgresUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    String temporalAddress() {
        return "127.0.0.1:" + settings.temporalPort();
    }

    /**
     * The server's configuration that points it at this infrastructure. The names are the server's
     * own properties: pointing the same server at a real PostgreSQL, Temporal and LiveKit is the
     * same configuration with other values.
     */
    Map<String, String> serverProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("switchboard.db.url", postgresUrl());
        properties.put("switchboard.db.owner-user", "postgres");
        properties.put("switchboard.db.owner-password", "postgres");
        properties.put("switchboard.db.app-user", APP_USER);
        properties.put("switchboard.db.app-password", APP_PASSWORD);
        properties.put("switchboard.db.create-app-login", "true");
        properties.put("spring.temporal.connection.target", temporalAddress());
        properties.put("spring.temporal.namespace", "default");
        properties.put("switchboard.livekit.url", liveKit.url().toString());
        properties.put("switchboard.livekit.api-key", LIVEKIT_API_KEY);
        properties.put("switchboard.livekit.api-secret", LIVEKIT_API_SECRET);
        properties.put("switchboard.fleet.workers", "http://127.0.0.1:" + gpuStatusPort + "/status");
        // The test service logs an ERROR whenever a schedule-to-start timer fires for an activity
        // that has started meanwhile (every admitted call): its own benign race, not the calls'.
        properties.put("logging.level.io.temporal.internal.testservice.TestWorkflowMutableStateImpl", "OFF");
        return properties;
    }

    /** Stops the simulator, then Temporal, then PostgreSQL; safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        liveKit.close();
        temporal.close();
        closeQuietly(postgres);
        log.info("embedded LiveKit simulator, Temporal service and PostgreSQL stopped");
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("embedded PostgreSQL did not stop cleanly: {}", e.toString());
        }
    }
}
