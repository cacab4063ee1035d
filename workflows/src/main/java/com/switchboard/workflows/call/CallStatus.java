package com.switchboard.workflows.call;

/** What a running call is doing, for queries from Temporal UI and the API. */
public record CallStatus(CallPhase phase, Long organizationId, CallOutcome outcome) {
    public enum CallPhase {
        WAITING_FOR_JOIN,
        ROUTING,
        ACQUIRING_LINE,
        IN_SESSION,
        ENDING,
        ENDED
    }
}
