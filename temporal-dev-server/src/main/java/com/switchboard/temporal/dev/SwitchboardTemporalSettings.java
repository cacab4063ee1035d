package com.switchboard.temporal.dev;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Temporal server settings Switchboard runs on, wherever it runs a server itself: the embedded
 * default, the benchmarks and the soak, the tests. {@code deploy/temporal/dynamicconfig/
 * switchboard.yaml} sets the same dynamic configuration for the compose stack (a test compares
 * them), so that what the benchmarks measure is what production gets.
 */
public final class SwitchboardTemporalSettings {
    private SwitchboardTemporalSettings() {}

    /**
     * Updates in flight per workflow. Every call asks its organization's line semaphore for a line
     * with one Update; at the server's default of 10, the eleventh caller of a burst is refused
     * (RESOURCE_EXHAUSTED) and retried after the SDK's congestion backoff of a second or more, so a
     * burst of 50 calls to one organization took about 20 s to settle. 100 settles it in well under
     * a second (bench/README.md) and still bounds what one busy organization holds in the history
     * service.
     */
    public static final int MAX_IN_FLIGHT_UPDATES = 100;

    /**
     * How often per second a history shard may read its transfer, timer and visibility queues. At
     * the server's default of 20, the transfer queue (a new workflow's first task, an activity
     * scheduled on the GPU queue, a signal's task) was read at most every 50 ms once a few calls a
     * second were in flight, and each of those hops of a call waited 15-35 ms in history before it
     * reached matching (the setup bench's call timeline). The reader still waits to be notified of
     * new tasks; at rest it reads nothing.
     */
    public static final int QUEUE_MAX_POLL_RPS = 200;

    /** Dynamic configuration, key to JSON value, as {@code --dynamic-config-value} takes it. */
    public static Map<String, String> dynamicConfig() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("history.maxInFlightUpdates", Integer.toString(MAX_IN_FLIGHT_UPDATES));
        // The join's webhook starts its call eagerly (the server's default differs by version).
        values.put("system.enableEagerWorkflowStart", "true");
        for (String queue : new String[] {"transfer", "timer", "visibility"}) {
            values.put("history." + queue + "ProcessorMaxPollRPS", Integer.toString(QUEUE_MAX_POLL_RPS));
        }
        return values;
    }

    /**
     * SQLite pragmas of a file-backed dev server: the write-ahead log and NORMAL synchronisation,
     * so that a workflow task is not an fsync of the whole database. A power cut may lose the last
     * transactions (a process crash loses nothing); this is the development server, production
     * runs PostgreSQL.
     */
    public static Map<String, String> sqlitePragmas() {
        Map<String, String> pragmas = new LinkedHashMap<>();
        pragmas.put("journal_mode", "wal");
        pragmas.put("synchronous", "normal");
        return pragmas;
    }

    /** {@code settings} with Switchboard's dynamic configuration (its own values win) and pragmas. */
    public static TemporalDevServer.Settings applyTo(TemporalDevServer.Settings settings) {
        Map<String, String> dynamicConfig = new LinkedHashMap<>(dynamicConfig());
        dynamicConfig.putAll(settings.dynamicConfig());
        return settings.withDynamicConfig(dynamicConfig).withSqlitePragmas(sqlitePragmas());
    }
}
