package com.switchboard.gpu;

import com.switchboard.gpu.session.SessionSettings;
import com.switchboard.gpu.slots.SlotPolicy;
import com.switchboard.workflows.TaskQueues;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Configuration of one GPU worker, read from system properties or environment variables of the
 * same name (a system property wins, so tests and the embedded dev mode can set it in-process).
 *
 * @param name this host in Temporal and in session results, e.g. {@code gpu@host-a}
 * @param pool GPU pool: the worker polls {@code agent-sessions-<pool>}, blank for the default queue
 * @param forceCpu run on CPU slots even if GPUs are present
 * @param heartbeatInterval how often a session's heartbeat reaches Temporal at most (the SDK
 *     throttles to the smaller of this and 80% of the heartbeat timeout)
 * @param stickyScheduleToStart Temporal's sticky queue timeout (zero on the test server)
 * @param statusPort port of {@code /status}; negative: no endpoint, 0: any free port
 * @param drain how long a graceful shutdown lets running calls finish before it interrupts them
 */
public record GpuWorkerConfig(
        String temporalAddress,
        String namespace,
        String liveKitUrl,
        String liveKitApiKey,
        String liveKitApiSecret,
        String name,
        String pool,
        boolean forceCpu,
        SlotPolicy slots,
        SessionSettings session,
        Duration heartbeatInterval,
        Duration stickyScheduleToStart,
        int statusPort,
        Duration drain) {

    public GpuWorkerConfig {
        Objects.requireNonNull(temporalAddress, "TEMPORAL_ADDRESS");
        Objects.requireNonNull(namespace, "TEMPORAL_NAMESPACE");
        Objects.requireNonNull(name, "GPU_WORKER_NAME");
        Objects.requireNonNull(slots, "slots");
        Objects.requireNonNull(session, "session");
        pool = pool == null ? "" : pool.strip();
        TaskQueues.agentSessions(pool); // rejects a malformed pool name at start
        if (heartbeatInterval == null || heartbeatInterval.isZero() || heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive");
        }
        if (stickyScheduleToStart == null || stickyScheduleToStart.isNegative()) {
            throw new IllegalArgumentException("stickyScheduleToStart must not be negative");
        }
        if (drain == null || drain.isNegative()) {
            throw new IllegalArgumentException("drain must not be negative");
        }
    }

    public String taskQueue() {
        return TaskQueues.agentSessions(pool);
    }

    /** Reads system properties, then environment variables. */
    public static GpuWorkerConfig fromEnvironment() {
        return from(key -> {
            String value = System.getProperty(key);
            return value != null ? value : System.getenv(key);
        });
    }

    /** Reads every setting through {@code lookup} (null: not set, use the default). */
    public static GpuWorkerConfig from(UnaryOperator<String> lookup) {
        Settings s = new Settings(lookup);
        SlotPolicy slots = new SlotPolicy(
                s.longValue("GPU_SESSION_MIB", 6144),
                s.intValue("GPU_MAX_SESSIONS_PER_GPU", 4),
                s.intValue("GPU_CPU_SLOTS", 2),
                s.seconds("GPU_MEMORY_SETTLE_SECONDS", 30),
                Duration.ofMillis(s.longValue("GPU_SLOT_RECHECK_MILLIS", 1000)));
        SessionSettings session = new SessionSettings(
                s.seconds("AGENT_JOIN_TIMEOUT_SECONDS", 10),
                Duration.ofMillis(s.longValue("SESSION_POLL_MILLIS", 1000)),
                s.text("AGENT_NAME_SUFFIX", ""),
                s.seconds("DEFAULT_MAX_CALL_SECONDS", 3600),
                s.seconds("LIVEKIT_OUTAGE_SECONDS", 20),
                s.seconds("AGENT_NO_SHOW_PAUSE_SECONDS", 15));
        return new GpuWorkerConfig(
                s.text("TEMPORAL_ADDRESS", "localhost:7233"),
                s.text("TEMPORAL_NAMESPACE", "default"),
                s.text("LIVEKIT_URL", "http://localhost:7880"),
                s.text("LIVEKIT_API_KEY", null),
                s.text("LIVEKIT_API_SECRET", null),
                s.text("GPU_WORKER_NAME", "gpu@" + hostname()),
                s.text("GPU_POOL", ""),
                Boolean.parseBoolean(s.text("GPU_FORCE_CPU", "false")),
                slots,
                session,
                s.seconds("SESSION_HEARTBEAT_SECONDS", 3),
                s.seconds("TEMPORAL_STICKY_SCHEDULE_TO_START_SECONDS", 5),
                s.intValue("GPU_STATUS_PORT", -1),
                s.seconds("GPU_DRAIN_SECONDS", 600));
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    private record Settings(UnaryOperator<String> lookup) {
        String text(String key, String fallback) {
            String value = lookup.apply(key);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        long longValue(String key, long fallback) {
            String value = text(key, null);
            try {
                return value == null ? fallback : Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, not " + value, e);
            }
        }

        int intValue(String key, int fallback) {
            return Math.toIntExact(longValue(key, fallback));
        }

        Duration seconds(String key, long fallback) {
            return Duration.ofSeconds(longValue(key, fallback));
        }
    }
}
