package com.switchboard.gpu.slots;

import io.temporal.activity.ActivityInfo;

/** One attempt of one agent-session activity: what a slot is used for. */
public record SessionKey(String workflowId, String activityId, int attempt) {
    public static SessionKey of(ActivityInfo info) {
        return new SessionKey(info.getWorkflowId(), info.getActivityId(), info.getAttempt());
    }
}
