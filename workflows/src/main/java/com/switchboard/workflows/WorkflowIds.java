package com.switchboard.workflows;

/**
 * Workflow ids are business keys, built here and nowhere else: {@code call-<roomName>} (a room is
 * unique per call with an individual dispatch rule, and every webhook names it) and
 * {@code lines-<organizationId>}.
 */
public final class WorkflowIds {
    private static final String CALL_PREFIX = "call-";
    private static final String LINES_PREFIX = "lines-";

    private WorkflowIds() {}

    public static String call(String roomName) {
        if (roomName == null || roomName.isBlank()) {
            throw new IllegalArgumentException("a call needs its room name");
        }
        return CALL_PREFIX + roomName;
    }

    public static String lines(long organizationId) {
        return LINES_PREFIX + organizationId;
    }

    public static boolean isCall(String workflowId) {
        return workflowId != null && workflowId.startsWith(CALL_PREFIX);
    }

    /** The room name of a call workflow id. */
    public static String roomOf(String callWorkflowId) {
        if (!isCall(callWorkflowId)) {
            throw new IllegalArgumentException("not a call workflow id: " + callWorkflowId);
        }
        return callWorkflowId.substring(CALL_PREFIX.length());
    }
}
