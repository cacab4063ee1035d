package com.switchboard.workflows.call;

/**
 * The start argument of a CallWorkflow. Everything about the caller arrives by signal, so any
 * webhook of the room can start the workflow.
 */
public record CallRequest(String roomName, CallPolicy policy) {
    public CallRequest {
        if (roomName == null || roomName.isBlank()) {
            throw new IllegalArgumentException("roomName is required");
        }
        policy = policy == null ? CallPolicy.defaults() : policy;
    }
}
