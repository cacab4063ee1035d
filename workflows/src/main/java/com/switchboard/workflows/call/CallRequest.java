package com.switchboard.workflows.call;

/**
 * The start argument of a CallWorkflow. Any webhook of the room can start the workflow: the join,
 * when it comes first (as it normally does), rides in the start request itself, so that the server
 * can hand the new workflow's first task straight back to the starting node (eager start); every
 * other fact about the caller arrives by signal.
 *
 * @param joined the caller's join when the workflow is started by it; null when another event of
 *     the room started it (the join then comes as the {@code callerJoined} signal), and in requests
 *     stored before this field existed
 */
public record CallRequest(String roomName, CallPolicy policy, CallerJoined joined) {
    public CallRequest {
        if (roomName == null || roomName.isBlank()) {
            throw new IllegalArgumentException("roomName is required");
        }
        policy = policy == null ? CallPolicy.defaults() : policy;
    }

    /** A request without the join: it is signalled. */
    public CallRequest(String roomName, CallPolicy policy) {
        this(roomName, policy, null);
    }
}
