package com.switchboard.workflows.session;

import java.time.Instant;

/** Heartbeat details of an agent session, visible in Temporal UI on the pending activity. */
public record SessionHeartbeat(
        SessionState state, boolean agentPresent, boolean callerPresent, Instant answeredAt, String gpuHost) {
    public enum SessionState {
        DISPATCHING,
        WAITING_FOR_AGENT,
        SUPERVISING,
        ENDING
    }
}
