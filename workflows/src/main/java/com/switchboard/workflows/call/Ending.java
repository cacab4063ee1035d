package com.switchboard.workflows.call;

/**
 * How a call ends, decided by the workflow before its cleanup runs.
 *
 * @param endReason lower-case, machine-readable detail stored in calls.end_reason
 */
record Ending(CallOutcome outcome, String endReason) {}
