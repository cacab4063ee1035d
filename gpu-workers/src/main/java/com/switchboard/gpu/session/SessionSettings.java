package com.switchboard.gpu.session;

import java.time.Duration;

/**
 * How this worker runs sessions.
 *
 * @param agentJoinTimeout how long the dispatched agent may take to join before the attempt fails
 *     with AGENT_NO_SHOW
 * @param pollInterval how often the room is looked at; bounds how late a vanished caller is seen
 * @param agentNameSuffix appended to the config's agent name, e.g. {@code -gpu-a}: when each GPU
 *     host's agent worker registers under its own name, this pins the job to the host that holds
 *     the slot; blank dispatches to any agent worker of that name
 * @param defaultMaxCall the longest call when the agent config names no maximum
 * @param liveKitOutage how long supervision rides out LiveKit errors before it fails the attempt
 * @param noShowPause how long this worker admits no new session after one of its agents did not
 *     show up (zero: no pause), so that the retry lands on another host
 */
public record SessionSettings(
        Duration agentJoinTimeout,
        Duration pollInterval,
        String agentNameSuffix,
        Duration defaultMaxCall,
        Duration liveKitOutage,
        Duration noShowPause) {

    public SessionSettings {
        requirePositive(agentJoinTimeout, "agentJoinTimeout");
        requirePositive(pollInterval, "pollInterval");
        requirePositive(defaultMaxCall, "defaultMaxCall");
        requirePositive(liveKitOutage, "liveKitOutage");
        agentNameSuffix = agentNameSuffix == null ? "" : agentNameSuffix.strip();
        if (noShowPause == null || noShowPause.isNegative()) {
            throw new IllegalArgumentException("noShowPause must not be negative");
        }
    }

    public static SessionSettings defaults() {
        return new SessionSettings(
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                "",
                Duration.ofHours(1),
                Duration.ofSeconds(20),
                Duration.ofSeconds(15));
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
