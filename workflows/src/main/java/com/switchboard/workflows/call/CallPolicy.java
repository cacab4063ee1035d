package com.switchboard.workflows.call;

import java.time.Duration;

/**
 * The timeouts of one call, fixed by whoever starts the workflow (from configuration), so that
 * workflow code never reads configuration itself.
 *
 * @param joinTimeout how long a call started by a hangup waits for its join before it is abandoned
 * @param sessionScheduleToStart how long the agent session may wait for a free GPU slot
 * @param sessionHeartbeatTimeout silence from the GPU worker after which the call is a ghost
 * @param agentAttempts how many GPU workers may try the session when an agent does not show up
 * @param hangupGrace how long to wait for a hangup webhook after the session saw the caller vanish,
 *     to tell a hangup from lost media; and, the other way round, how long a worker gets to end the
 *     session by itself after a hangup webhook before the workflow cancels it
 * @param gpuPool the GPU pool suffix of the agent-sessions task queue, blank for the default
 */
public record CallPolicy(
        Duration joinTimeout,
        Duration sessionScheduleToStart,
        Duration sessionHeartbeatTimeout,
        int agentAttempts,
        Duration hangupGrace,
        String gpuPool) {

    public CallPolicy {
        requirePositive(joinTimeout, "joinTimeout");
        requirePositive(sessionScheduleToStart, "sessionScheduleToStart");
        requirePositive(sessionHeartbeatTimeout, "sessionHeartbeatTimeout");
        requirePositive(hangupGrace, "hangupGrace");
        if (agentAttempts < 1) {
            throw new IllegalArgumentException("agentAttempts must be at least 1");
        }
        gpuPool = gpuPool == null ? "" : gpuPool;
    }

    public static CallPolicy defaults() {
        return new CallPolicy(
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(15), 2, Duration.ofSeconds(3), "");
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
