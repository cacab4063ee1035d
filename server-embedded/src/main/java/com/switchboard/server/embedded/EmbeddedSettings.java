package com.switchboard.server.embedded;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * How the embedded default runs: {@code --switchboard.embedded.<name>=<value>} arguments or
 * {@code SWITCHBOARD_EMBEDDED_<NAME>} environment variables. They are read before Spring starts,
 * because the database, Temporal and LiveKit must be listening before the server connects to them.
 *
 * @param dataDir the working data of the embedded default: PostgreSQL's data directory lives in
 *     {@code <dataDir>/postgres} and survives restarts (delete the folder to start afresh)
 * @param temporal which Temporal runs: {@code dev-server} (the real Temporal server of the Temporal
 *     CLI, its Web UI and SQLite database under the data folder; the default) or {@code test-server}
 *     (Temporal's Java test service in this process: no UI, no list queries, nothing persisted)
 * @param temporalPort where Temporal's frontend listens on 127.0.0.1 (the Temporal CLI can point at
 *     it: {@code temporal workflow list --address 127.0.0.1:7233})
 * @param temporalUiPort where the Temporal Web UI listens on 127.0.0.1 (dev server only)
 * @param temporalHttpPort where the dev server's HTTP API listens on 127.0.0.1 (default: the
 *     Temporal port + 10)
 * @param temporalMetricsPort where the dev server serves its Prometheus metrics on 127.0.0.1
 *     (default: the Temporal port + 11)
 * @param liveKitPort where the LiveKit simulator serves LiveKit's API
 * @param postgresPort where PostgreSQL listens; 0 picks a free port (printed at start)
 * @param gpuSlots agent sessions the in-process GPU worker holds at once (CPU slots)
 * @param callsPerMinute how many simulated calls arrive per minute; 0 places none
 * @param ghostPercent share of answered calls whose caller's audio stops without a hangup (a PBX
 *     that dies): LiveKit's media timeout hangs them up, the agent's report makes them ghosts
 * @param shortestCall shortest time a simulated caller stays on an answered call
 * @param longestCall longest time a simulated caller stays on an answered call
 * @param demoData seed demo organizations, numbers and logins into an empty database
 */
public record EmbeddedSettings(
        Path dataDir,
        String temporal,
        Integer temporalPort,
        Integer temporalUiPort,
        Integer temporalHttpPort,
        Integer temporalMetricsPort,
        Integer liveKitPort,
        Integer postgresPort,
        Integer gpuSlots,
        Double callsPerMinute,
        Integer ghostPercent,
        Duration shortestCall,
        Duration longestCall,
        Boolean demoData) {

    public static final String PREFIX = "switchboard.embedded";
    public static final String DEV_SERVER = "dev-server";
    public static final String TEST_SERVER = "test-server";

    public EmbeddedSettings {
        dataDir = (dataDir == null ? Path.of("data") : dataDir).toAbsolutePath().normalize();
        temporal = temporal == null ? DEV_SERVER : temporal.strip().toLowerCase(java.util.Locale.ROOT);
        if (!temporal.equals(DEV_SERVER) && !temporal.equals(TEST_SERVER)) {
            throw new IllegalArgumentException(
                    PREFIX + ".temporal must be " + DEV_SERVER + " or " + TEST_SERVER + ", was '" + temporal + "'");
        }
        temporalPort = temporalPort == null ? 7233 : temporalPort;
        temporalUiPort = temporalUiPort == null ? 8233 : temporalUiPort;
        temporalHttpPort = temporalHttpPort == null ? temporalPort + 10 : temporalHttpPort;
        temporalMetricsPort = temporalMetricsPort == null ? temporalPort + 11 : temporalMetricsPort;
        liveKitPort = liveKitPort == null ? 7880 : liveKitPort;
        postgresPort = postgresPort == null ? 0 : postgresPort;
        gpuSlots = gpuSlots == null ? 6 : gpuSlots;
        callsPerMinute = callsPerMinute == null ? 20.0 : callsPerMinute;
        ghostPercent = ghostPercent == null ? 10 : ghostPercent;
        shortestCall = shortestCall == null ? Duration.ofSeconds(5) : shortestCall;
        longestCall = longestCall == null ? Duration.ofSeconds(25) : longestCall;
        demoData = demoData == null ? Boolean.TRUE : demoData;
        if (gpuSlots < 1) {
            throw new IllegalArgumentException(PREFIX + ".gpu-slots must be at least 1");
        }
        if (callsPerMinute < 0 || ghostPercent < 0 || ghostPercent > 100) {
            throw new IllegalArgumentException(
                    PREFIX + ".calls-per-minute must not be negative and ghost-percent must be 0 to 100");
        }
        if (shortestCall.isNegative() || longestCall.compareTo(shortestCall) < 0) {
            throw new IllegalArgumentException(PREFIX + ".longest-call must not be shorter than shortest-call");
        }
    }

    /** Reads the settings from the command line, system properties and the environment. */
    static EmbeddedSettings from(String[] args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return Binder.get(environment)
                .bind(PREFIX, EmbeddedSettings.class)
                .orElseGet(() -> new EmbeddedSettings(
                        null, null, null, null, null, null, null, null, null, null, null, null, null, null));
    }

    /** Whether Temporal is the Java test service (the explicit fallback) rather than the real server. */
    boolean testServer() {
        return temporal.equals(TEST_SERVER);
    }
}
