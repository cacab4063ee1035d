package com.switchboard.workflows;

/** Every task queue name, built in one place. */
public final class TaskQueues {
    /** CallWorkflow and the control-plane activities (routing, ledger, line client, LiveKit). */
    public static final String CALLS = "calls";

    /**
     * LineWorkflow, the per-organization semaphores, and their holder audit. A queue of their own:
     * a call's workflow task waits in its worker for the acquire (a local activity), and a burst of
     * ringing calls must never take every workflow task slot the semaphore needs to answer them.
     */
    public static final String LINES = "lines";

    /** Agent-session activities; only GPU workers poll it. */
    public static final String AGENT_SESSIONS = "agent-sessions";

    private TaskQueues() {}

    /** The agent-session queue of one GPU pool; a blank pool is the default queue. */
    public static String agentSessions(String pool) {
        if (pool == null || pool.isBlank()) {
            return AGENT_SESSIONS;
        }
        if (!pool.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("GPU pool names are lower-case letters, digits and dashes: " + pool);
        }
        return AGENT_SESSIONS + "-" + pool;
    }
}
