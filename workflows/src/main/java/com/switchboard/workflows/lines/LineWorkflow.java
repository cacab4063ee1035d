package com.switchboard.workflows.lines;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The per-organization line semaphore, id {@code lines-<organizationId>}, on task queue
 * {@code lines} (semaphores started before that queue existed run on {@code calls} until their next
 * continue-as-new). It lives as long as its organization takes calls and continues-as-new when the
 * SDK suggests it.
 */
@WorkflowInterface
public interface LineWorkflow {
    @WorkflowMethod
    void run(LineState state);

    /**
     * An Update, not a Signal: the caller needs the answer (granted or which limit is full) before
     * it admits or rejects the call. Idempotent by call workflow id.
     */
    @UpdateMethod
    LineDecision acquire(AcquireLine request);

    @UpdateValidatorMethod(updateName = "acquire")
    void validateAcquire(AcquireLine request);

    /**
     * A Signal: nothing waits on the answer, a signal is durable once accepted, and it does not count
     * against the server's limit of in-flight updates during a burst.
     */
    @SignalMethod
    void release(ReleaseLine request);

    @QueryMethod
    LineState state();
}
