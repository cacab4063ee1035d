package com.switchboard.workflows.lines;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * How a call reaches its organization's LineWorkflow: update-with-start (the semaphore is started
 * if it does not run yet), retried through bursts beyond the server's in-flight update limit.
 */
@ActivityInterface
public interface LineActivities {
    @ActivityMethod
    LineDecision acquire(AcquireLine request);

    @ActivityMethod
    void release(ReleaseLine request);
}
