package com.switchboard.server.embedded;

import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.livekit.simulator.SimulatorConfig;
import com.switchboard.temporal.dev.FreePorts;
import com.switchboard.temporal.dev.SwitchboardTemporalSettings;
import com.switchboard.temporal.dev.TemporalCli;
import com.switchboard.temporal.dev.TemporalDevServer;
import com.switchboard.workflows.CallSearchAttributes;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testserver.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Production's infrastructure for the embedded default, on this machine: PostgreSQL (real binaries,
 * data kept under the data folder), the real Temporal server (the Temporal CLI's dev server as a
 * child process: Web UI, SQLite database under the data folder; or, as an explicit fallback,
 * Temporal's Java test service in this process), and the LiveKit simulator. Started before Spring,
 * closed after it, in reverse order.
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
    /** Exactly one of the two runs. */
    private final TemporalDevServer devServer;

    private final TestServer.PortBoundTestServer testServer;
    private final LiveKitSimulator liveKit;
    private final int gpuStatusPort;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedInfrastructure(
            EmbeddedSettings settings,
            EmbeddedPostgres postgres,
            TemporalDevServer devServer,
            TestServer.PortBoundTestServer testServer,
            LiveKitSimulator liveKit,
            int gpuStatusPort) {
        this.settings = settings;
        this.postgres = postgres;
        this.devServer = devServer;
        this.testServer = testServer;
        this.liveKit = liveKit;
        this.gpuStatusPort = gpuStatusPort;
    }

    static EmbeddedInfrastructure start(EmbeddedSettings settings) {
        EmbeddedPostgres postgres = startPostgres(settings);
        TemporalDevServer devServer = null;
        TestServer.PortBoundTestServer testServer = null;
        try {
            if (settings.testServer()) {
                testServer = startTestServer(settings.temporalPort());
            } else {
                devServer = startDevServer(settings);
            }
            LiveKitSimulator liveKit = LiveKitSimulator.start(
                    SimulatorConfig.defaults(LIVEKIT_API_KEY, LIVEKIT_API_SECRET), settings.liveKitPort());
            // The GPU worker's /status port, known before Spring so that the fleet can be configured.
            return new EmbeddedInfrastructure(settings, postgres, devServer, testServer, liveKit, FreePorts.one());
        } catch (RuntimeException e) {
            if (devServer != null) {
                devServer.close();
            }
            if (testServer != null) {
                testServer.close();
            }
            closeQuietly(postgres);
            throw e;
        }
    }

    /**
     * The real Temporal server on 127.0.0.1: frontend on the Temporal port, Web UI, HTTP API and
     * metrics on fixed ports of their own (by default frontend + 10 and + 11), state in {@code
     * <dataDir>/temporal.db}, so that calls in progress survive a restart of the embedded default;
     * Switchboard's server settings (in-flight updates, SQLite pragmas) as in production.
     */
    private static TemporalDevServer startDevServer(EmbeddedSettings settings) {
        TemporalCli cli = TemporalCli.locate();
        return TemporalDevServer.start(
                cli,
                SwitchboardTemporalSettings.applyTo(TemporalDevServer.Settings.loopback(
                                settings.temporalPort(), settings.dataDir().resolve("temporal.log"))
                        .withUi(settings.temporalUiPort())
                        .withFixedPorts(settings.temporalHttpPort(), settings.temporalMetricsPort())
                        .withDatabase(settings.dataDir().resolve("temporal.db"))
                        .withSearchAttributes(cliSearchAttributes())));
    }

    /** The call search attributes as the CLI's {@code --search-attribute Name=Type} names them. */
    private static Map<String, String> cliSearchAttributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (SearchAttributeKey<?> key : CallSearchAttributes.ALL) {
            String type = switch (key.getValueType()) {
                case INDEXED_VALUE_TYPE_INT -> "Int";
                case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
                case INDEXED_VALUE_TYPE_TEXT -> "Text";
                case INDEXED_VALUE_TYPE_BOOL -> "Bool";
                case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
                case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
                case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
                case INDEXED_VALUE_TYPE_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalStateException("search attribute " + key.getName() + " has no type");
            };
            attributes.put(key.getName(), type);
        }
        return attributes;
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
     * The fallback: Temporal's Java test service, bound to a fixed port. It runs in real time (time
     * skipping locked). It keeps its state in memory only: a restart forgets running calls (see
     * LeftoverCalls), and it has no visibility store, so workflow list queries find nothing.
     */
    private static TestServer.PortBoundTestServer startTestServer(int port) {
        try {
            return TestServer.createPortBoundServer(port);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "the embedded Temporal service could not listen on port " + port + " (in use? set --"
                            + EmbeddedSettings.PREFIX + ".temporal-port)",
                    e);
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

    /** The Temporal Web UI, where the real server runs. */
    Optional<URI> temporalUi() {
        return devServer == null ? Optional.empty() : devServer.uiUrl();
    }

    /** What runs as Temporal, for the banner. */
    String temporalDescription() {
        return devServer != null
                ? "Temporal server (Temporal CLI " + devServer.version() + " dev server), state in "
                        + settings.dataDir().resolve("temporal.db")
                : "Temporal's Java test service: no Web UI, no list queries, nothing kept across restarts";
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
        temporalUi().ifPresent(ui -> properties.put("switchboard.web.temporal-ui-url", ui.toString()));
        properties.put("switchboard.livekit.url", liveKit.url().toString());
        properties.put("switchboard.livekit.api-key", LIVEKIT_API_KEY);
        properties.put("switchboard.livekit.api-secret", LIVEKIT_API_SECRET);
        properties.put("switchboard.fleet.workers", "http://127.0.0.1:" + gpuStatusPort + "/status");
        if (testServer != null) {
            properties.put("switchboard.temporal.test-service", "true");
            // The test service logs an ERROR whenever a schedule-to-start timer fires for an activity
            // that has started meanwhile (every admitted call): its own benign race, not the calls'.
            properties.put("logging.level.io.temporal.internal.testservice.TestWorkflowMutableStateImpl", "OFF");
        }
        return properties;
    }

    /** Stops the simulator, then Temporal, then PostgreSQL; safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        liveKit.close();
        if (devServer != null) {
            devServer.close();
        }
        if (testServer != null) {
            testServer.close();
        }
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
