package com.switchboard.workflows.call;

/** How a call ended; stored in calls.outcome and the CallOutcome search attribute. */
public enum CallOutcome {
    /** Answered by the agent and ended normally. */
    COMPLETED,
    /** Rejected while ringing (486): the dialed number carries its limit. */
    BUSY_NUMBER,
    /** Rejected while ringing (486): the organization carries its limit. */
    BUSY_ORGANIZATION,
    /** Rejected while ringing: the number is unknown, unassigned or inactive. */
    UNROUTED,
    /** The caller hung up before admission or before the agent answered. */
    ABANDONED,
    /** The call died without a hangup: agent-session heartbeat lost, or the caller's media gone. */
    GHOST_REAPED,
    /** Rejected while ringing: no GPU worker took the session in time. */
    NO_GPU_CAPACITY,
    /** Anything else that went wrong; the end reason says what. */
    FAILED;

    /** The value stored in calls.outcome. */
    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Outcomes for which the caller is turned away while still ringing (LiveKit answers 486). */
    public boolean rejectsWhileRinging() {
        return switch (this) {
            case BUSY_NUMBER, BUSY_ORGANIZATION, UNROUTED, NO_GPU_CAPACITY -> true;
            case COMPLETED, ABANDONED, GHOST_REAPED, FAILED -> false;
        };
    }
}
